"""Error statuses, transport failures and secrets: what a failed call raises, and what it never shows."""

from __future__ import annotations

import json
import logging
import pickle
import re

import pytest
from urllib3 import exceptions as u3

from mixpeek import exceptions as exc
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.rest import ApiException as RestApiException
from mixpeek.rest import transport_error
from test.conftest import TEST_API_KEY, MakeClient
from test.runtime.fixtures import CREATE_COLLECTION, GET_COLLECTION
from test.support.clock import FakeClock
from test.support.servers import RecordingServer, unused_port


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, exc.BadRequestException),
        (401, exc.UnauthorizedException),
        (403, exc.ForbiddenException),
        (404, exc.NotFoundException),
        (409, exc.ConflictException),
        (422, exc.UnprocessableEntityException),
        (429, exc.TooManyRequestsException),
        (500, exc.ServiceException),
        (503, exc.ServiceException),
        (418, exc.ApiException),
    ],
)
def test_status_families(
    status: int,
    error_class: type[exc.ApiException],
    make_client: MakeClient,
    recording_server: RecordingServer,
) -> None:
    recording_server.respond(status, {"success": False, "status": status, "error": {"message": "went wrong"}})
    with pytest.raises(error_class) as raised:
        make_client(max_retries=0).call(GET_COLLECTION, ("c1",))
    error = raised.value
    assert type(error) is error_class
    assert error.status == status
    assert error.operation == "CollectionsApi.get_collection"
    assert error.attempts == 1
    first_line = str(error).splitlines()[0]
    assert first_line.startswith(f"CollectionsApi.get_collection failed: HTTP {status}")
    assert ": went wrong" in first_line and first_line == error.message
    if status == 401:  # what to check follows the server's message
        assert first_line.endswith("or give another with api_key= or MIXPEEK_API_KEY.")
    else:
        assert first_line.endswith(": went wrong")


@pytest.mark.parametrize("status", [200, 400, 503])
def test_deeply_nested_json_bodies_stay_in_the_exception_tree(
    status: int, make_client: MakeClient, recording_server: RecordingServer
) -> None:
    """`json.loads` raises RecursionError on deep nesting: it must surface as the SDK's own error."""
    recording_server.respond(status, b'{"error": ' + b"[" * 100_000, content_type="application/json")
    expected = exc.ApiDeserializationError if status == 200 else exc.exception_class_for_status(status)
    with pytest.raises(expected) as raised:
        make_client().call(GET_COLLECTION, ("c1",))
    assert raised.value.status == status


def test_not_found_carries_everything(client: ApiClient, recording_server: RecordingServer) -> None:
    error_body = {"message": "Collection c9 not found", "type": "NotFound"}
    body = json.dumps({"success": False, "status": 404, "error": error_body})
    recording_server.respond(404, body, headers={"X-Request-Id": "req_9"})
    with pytest.raises(RestApiException) as raised:
        client.call(GET_COLLECTION, ("c9",))
    error = raised.value
    assert str(error).splitlines() == [
        "CollectionsApi.get_collection failed: HTTP 404 Not Found: Collection c9 not found",
        "(404)",
        "Reason: Not Found",
        f"HTTP response headers: {error.headers}",
        f"HTTP response body: {body}",
    ]
    assert (error.status, error.reason, error.body) == (404, "Not Found", body)
    assert error.headers is not None and error.headers["x-request-id"] == "req_9"
    assert error.data["error"]["message"] == "Collection c9 not found"
    assert isinstance(error, exc.OpenApiException) and exc.MixpeekError is exc.OpenApiException


def test_validation_error_message_lists_locations(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(
        422,
        {
            "detail": [
                {"loc": ["body", "collection_name"], "msg": "Field required", "type": "missing"},
                {"loc": ["query", "limit"], "msg": "must be >= 1", "type": "greater_than_equal"},
            ]
        },
    )
    with pytest.raises(exc.UnprocessableEntityException) as raised:
        client.call(CREATE_COLLECTION, ({"collection_name": "x"},))
    assert raised.value.message.endswith(
        "HTTP 422 Unprocessable Entity: body.collection_name: Field required; query.limit: must be >= 1"
    )


def test_html_error_page_is_summarized(make_client: MakeClient, recording_server: RecordingServer) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 2000 + "</body></html>"
    recording_server.respond(502, page, content_type="text/html")
    with pytest.raises(exc.ServiceException) as raised:
        make_client(max_retries=0).call(GET_COLLECTION, ("c1",))
    message = raised.value.message  # the first line; the published layout's lines follow it
    assert message.startswith(
        "CollectionsApi.get_collection failed: HTTP 502 Bad Gateway: <html><head><title>"
    )
    assert len(message) < 600 and str(raised.value).splitlines()[0] == message
    assert str(raised.value).endswith(f"HTTP response body: {page}\n")
    assert raised.value.body == page
    assert raised.value.data is None


def test_redirects_are_not_followed(make_client: MakeClient, recording_server: RecordingServer) -> None:
    with RecordingServer() as elsewhere:
        recording_server.respond(302, headers={"Location": elsewhere.url + "/steal"})
        with pytest.raises(exc.ApiException) as raised:
            make_client().call(GET_COLLECTION, ("c1",))
        assert raised.value.status == 302
        assert raised.value.headers is not None and raised.value.headers["Location"].endswith("/steal")
        assert elsewhere.requests == []


def test_connection_refused(make_client: MakeClient) -> None:
    client = make_client(host=f"http://127.0.0.1:{unused_port()}", max_retries=0)
    with pytest.raises(exc.ApiConnectionError) as raised:
        client.call(GET_COLLECTION, ("c1",))
    assert not isinstance(raised.value, exc.ApiTimeoutError)
    assert "CollectionsApi.get_collection" in str(raised.value)
    assert raised.value.attempts == 1
    assert raised.value.__cause__ is not None


def test_connection_closed_without_answer(make_client: MakeClient, recording_server: RecordingServer) -> None:
    recording_server.respond(action="close")
    with pytest.raises(exc.ApiConnectionError):
        make_client(max_retries=0).call(GET_COLLECTION, ("c1",))
    recording_server.respond(action="reset")
    with pytest.raises(exc.ApiConnectionError):
        make_client(max_retries=0).call(GET_COLLECTION, ("c1",))


def test_read_timeout_per_call_and_configured(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1"}, delay=0.5)
    client = make_client(max_retries=0)
    with pytest.raises(exc.ApiTimeoutError) as raised:
        client.call(GET_COLLECTION, ("c1",), options={"_request_timeout": 0.05})
    assert "timed out" in str(raised.value)
    with pytest.raises(exc.ApiTimeoutError):
        client.call(GET_COLLECTION, ("c1",), options={"_request_timeout": (1.0, 0.05)})
    client.configuration.timeout = 0.05
    with pytest.raises(exc.ApiTimeoutError):
        client.call(GET_COLLECTION, ("c1",))
    client.configuration.timeout = 5
    assert client.call(GET_COLLECTION, ("c1",)).collection_id == "c1"


def test_non_json_2xx_raises_deserialization_error(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, "<html>maintenance</html>", content_type="text/html")
    with pytest.raises(exc.ApiDeserializationError) as raised:
        client.call(GET_COLLECTION, ("c1",))
    error = raised.value
    assert (error.status, error.operation) == (200, "CollectionsApi.get_collection")
    assert "<html>maintenance</html>" in str(error)
    assert error.__cause__ is not None


def test_the_key_never_shows(
    make_client: MakeClient, recording_server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(debug=True)
    recording_server.enqueue(503, {"error": {"message": "busy"}})
    recording_server.enqueue(401, {"error": {"message": f"key {TEST_API_KEY} is revoked"}})
    with pytest.raises(exc.UnauthorizedException) as raised:
        client.call(GET_COLLECTION, ("c1",))
    error = raised.value
    shown = [
        str(error),
        repr(error),
        error.body or "",
        repr(error.data),
        repr(client),
        str(client.configuration),
    ]
    shown.append(caplog.text)
    assert caplog.text  # the attempts were logged
    for text in shown:
        assert TEST_API_KEY not in text
    assert "sk_****" in repr(client.configuration)
    pickled = pickle.dumps(client.configuration)
    assert TEST_API_KEY.encode() not in pickled
    assert pickle.loads(pickled).host == client.configuration.host
    assert TEST_API_KEY.encode() not in pickle.dumps(client)
    client.configuration.debug = False


def test_key_never_shows_in_connection_errors(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(host=f"http://127.0.0.1:{unused_port()}")
    with pytest.raises(exc.ApiConnectionError) as raised:
        client.call(GET_COLLECTION, ("c1",), f"Bearer {TEST_API_KEY}")
    assert TEST_API_KEY not in str(raised.value) and TEST_API_KEY not in caplog.text


def test_published_exception_signatures() -> None:
    error = exc.ApiException(status=500, reason="Internal Server Error", body="boom")
    published = "(500)\nReason: Internal Server Error\nHTTP response body: boom\n"
    assert str(error) == "HTTP 500 Internal Server Error: boom\n" + published
    assert str(exc.NotFoundException(status=404)) == "HTTP 404\n(404)\nReason: None\n"
    assert str(exc.ApiValueError("bad", path_to_item=["body", 0])) == "bad at ['body'][0]"
    assert isinstance(exc.ApiTypeError("t"), TypeError)
    assert isinstance(exc.ApiKeyError("k"), KeyError) and str(exc.ApiKeyError("k")) == "k"
    assert issubclass(exc.ApiTimeoutError, exc.ApiConnectionError)
    assert Configuration is not None


def test_truncated_bodies_are_connection_errors(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, b'{"collection_id": "c1"', action="truncate")
    client = make_client(max_retries=0)
    with pytest.raises(exc.ApiConnectionError) as raised:
        client.call(GET_COLLECTION, ("c1",))
    assert raised.value.__cause__ is not None
    response = client.call_without_preload_content(GET_COLLECTION, ("c1",))
    with response, pytest.raises(exc.ApiConnectionError, match="reading the response body"):
        response.read()


def test_invalid_header_names_are_refused(client: ApiClient, recording_server: RecordingServer) -> None:
    with pytest.raises(exc.ApiValueError, match="invalid header name"):
        client.call(GET_COLLECTION, ("c1",), options={"_headers": {"Bad Name": "x"}})
    with pytest.raises(exc.ApiValueError, match="invalid header name"):
        client.set_default_header("Bad:Name", "x")
    assert recording_server.requests == []


def test_exceptions_survive_pickling(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(404, {"error": {"message": "gone"}})
    with pytest.raises(exc.NotFoundException) as raised:
        client.call(GET_COLLECTION, ("c1",))
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is exc.NotFoundException
    assert (copy.status, copy.operation, str(copy)) == (404, raised.value.operation, str(raised.value))
    timeout = pickle.loads(pickle.dumps(exc.ApiTimeoutError("slow", operation="A.b", attempts=3)))
    assert (str(timeout), timeout.operation, timeout.attempts) == ("slow", "A.b", 3)


def test_proxy_credentials_never_show() -> None:
    configuration = Configuration(proxy="http://user:s3cret@proxy.local:3128")
    assert "s3cret" not in repr(configuration)
    assert "proxy.local:3128" in repr(configuration)


def test_tls_failures_are_not_retried(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    client = make_client(host=f"https://127.0.0.1:{recording_server.port}")  # the server speaks plain HTTP
    with pytest.raises(exc.ApiConnectionError, match="TLS failure") as raised:
        client.call(GET_COLLECTION, ("c1",))
    assert raised.value.attempts == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("error", "expected_class", "may_have_been_processed", "worth_retrying"),
    [
        (u3.NewConnectionError(None, "refused"), exc.ApiConnectionError, False, True),  # type: ignore[arg-type]
        (u3.ConnectTimeoutError("slow connect"), exc.ApiTimeoutError, False, True),
        (u3.ReadTimeoutError(None, "/", "slow answer"), exc.ApiTimeoutError, True, True),  # type: ignore[arg-type]
        (u3.ProtocolError("reset", ConnectionResetError()), exc.ApiConnectionError, True, True),
        (u3.ProxyError("proxy down", OSError()), exc.ApiConnectionError, False, True),
        (u3.SSLError("bad certificate"), exc.ApiConnectionError, False, False),
    ],
)
def test_transport_error_classification(
    error: BaseException, expected_class: type, may_have_been_processed: bool, worth_retrying: bool
) -> None:
    mapped, processed, retry = transport_error(error, "A.b", "GET", "/x")
    assert type(mapped) is expected_class
    assert (processed, retry) == (may_have_been_processed, worth_retrying)
    assert str(mapped).startswith("A.b (GET /x): ")


def test_code_parsing_the_published_layout_keeps_working(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    """Parsers of the published message find the status, reason, headers and the JSON body, key redacted."""
    body = {"error": {"message": f"key {TEST_API_KEY} cannot read c9", "type": "Forbidden"}}
    recording_server.respond(403, body, headers={"X-Request-Id": "req_7", "X-Echo": TEST_API_KEY})
    with pytest.raises(exc.ForbiddenException) as raised:
        make_client(max_retries=0).call(GET_COLLECTION, ("c9",))
    text = str(raised.value)
    assert TEST_API_KEY not in text
    assert re.search(r"^\((\d{3})\)$", text, re.MULTILINE).group(1) == "403"  # type: ignore[union-attr]
    assert re.search(r"^Reason: (.*)$", text, re.MULTILINE).group(1) == "Forbidden"  # type: ignore[union-attr]
    headers_line = re.search(r"^HTTP response headers: (.*)$", text, re.MULTILINE).group(1)  # type: ignore[union-attr]
    assert "req_7" in headers_line and "[REDACTED]" in headers_line
    parsed = json.loads(text.split("HTTP response body: ", 1)[1])
    assert parsed["error"]["message"] == "key [REDACTED] cannot read c9"
    assert (
        text.splitlines()[0]
        == "CollectionsApi.get_collection failed: HTTP 403 Forbidden: key [REDACTED] cannot read c9"
    )
