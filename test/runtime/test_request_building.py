"""What a call puts on the wire: path, query, headers and bodies, checked on a real local server."""

from __future__ import annotations

import datetime
import email.parser
import email.policy
import io
from pathlib import Path
from typing import Any, List

import pytest
from pydantic import ValidationError

from mixpeek._runtime.operation import Operation, Param
from mixpeek.api_client import ApiClient
from mixpeek.exceptions import ApiTypeError, ApiValueError, RequestValidationError
from test.conftest import MakeClient
from test.runtime.fixtures import (
    CREATE_COLLECTION,
    GET_COLLECTION,
    HEALTH,
    LIST_COLLECTIONS,
    UPLOAD_OBJECT,
    CreateCollectionRequest,
    Status,
)
from test.support.servers import RecordingServer


def test_path_parameters_cannot_change_the_route(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(GET_COLLECTION, ("../admin/x y?#%",))
    assert recording_server.last_request.raw_path == "/v1/collections/..%2Fadmin%2Fx%20y%3F%23%25"
    client.call(GET_COLLECTION, ("..",))
    assert recording_server.last_request.raw_path == "/v1/collections/%2E%2E"


def test_query_serialization(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"results": []})
    since = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    client.call(LIST_COLLECTIONS, (5, True, ["a", "b c"], Status.ARCHIVED, since))
    assert recording_server.last_request.query == {
        "limit": ["5"],
        "include_archived": ["true"],
        "tags": ["a", "b c"],
        "status": ["archived"],
        "since": ["2024-01-02T03:04:05+00:00"],
    }
    client.call(LIST_COLLECTIONS, (None, False, None, None, None))
    assert recording_server.last_request.raw_query == "include_archived=false"


def test_default_headers(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(GET_COLLECTION, ("c1", "wt_1"))
    headers = recording_server.last_request.headers
    assert headers["Authorization"] == "Bearer sk_test_key"
    assert headers["X-Namespace"] == "ns_test"
    assert headers["Accept"] == "application/json"
    assert headers["X-Write-Token"] == "wt_1"
    assert headers["User-Agent"].startswith("mixpeek-python/")
    assert "Content-Type" not in headers


def test_per_call_authorization_and_namespace_win(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(GET_COLLECTION, ("c1",), "Bearer sk_other", "ns_other")
    headers = recording_server.last_request.headers
    assert (headers["Authorization"], headers["X-Namespace"]) == ("Bearer sk_other", "ns_other")
    client.call(GET_COLLECTION, ("c1",), "sk_bare")
    assert recording_server.last_request.headers["Authorization"] == "Bearer sk_bare"


def test_key_only_sent_to_operations_that_use_it(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    client.call(HEALTH, ())
    assert "Authorization" not in recording_server.last_request.headers
    assert "X-Namespace" not in recording_server.last_request.headers


def test_per_call_auth_works_without_configured_key(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    client = make_client(api_key=None, namespace=None)
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(GET_COLLECTION, ("c1",), "Bearer sk_call", "ns_call")
    headers = recording_server.last_request.headers
    assert (headers["Authorization"], headers["X-Namespace"]) == ("Bearer sk_call", "ns_call")


def test_model_body_sends_wire_names_of_fields_that_were_set(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    by_attribute_name: dict[str, Any] = {"var_async": True}
    client.call(CREATE_COLLECTION, (CreateCollectionRequest(collection_name="c", **by_attribute_name),))
    request = recording_server.last_request
    assert request.json() == {"collection_name": "c", "async": True}
    assert request.headers["Content-Type"] == "application/json"


def test_dict_body_is_validated_into_the_model(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(CREATE_COLLECTION, ({"collection_name": "c", "async": False},))
    assert recording_server.last_request.json() == {"collection_name": "c", "async": False}


def test_invalid_dict_body_is_refused_before_sending(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiValueError) as raised:
        client.call(CREATE_COLLECTION, ({"document_count_limit": 0},))
    message = str(raised.value)
    assert "create_collection_request" in message
    assert "collection_name" in message and "document_count_limit" in message
    assert isinstance(raised.value.__cause__, ValidationError)
    assert isinstance(raised.value, RequestValidationError)
    assert [location for location, _ in raised.value.errors] == [
        ("collection_name",),
        ("document_count_limit",),
    ]
    assert recording_server.requests == []


def test_body_pydantic_cannot_serialize_is_refused_before_sending(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    put_meta = Operation(
        name="put_meta",
        api="MetaApi",
        method="PUT",
        path="/v1/meta",
        params=(Param(name="body", wire="body", location="body", required=True, type="Dict[str, Any]"),),
        responses={"200": "Any"},
    )
    with pytest.raises(ApiValueError, match="MetaApi.put_meta: body cannot be serialized as JSON"):
        client.call(put_meta, ({"x": object()},))
    assert recording_server.requests == []


def test_missing_required_parameter_and_unknown_option(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiValueError, match="collection_identifier"):
        client.call(GET_COLLECTION, (None,))
    with pytest.raises(ApiTypeError, match="colection_identifier"):
        client.call(GET_COLLECTION, ("c1",), options={"colection_identifier": "x"})
    with pytest.raises(ApiTypeError, match="positional"):
        client.call(GET_COLLECTION, ("c1", None, "extra"))
    assert recording_server.requests == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.call(GET_COLLECTION, ("c1",), "Bearer sk_x\r\nX-Evil: 1"),
        lambda c: c.call(GET_COLLECTION, ("c1",), None, "ns\nX-Evil: 1"),
        lambda c: c.call(GET_COLLECTION, ("c1", "wt\r\n")),
        lambda c: c.call(GET_COLLECTION, ("c1",), options={"_headers": {"X-Custom": "a\rb"}}),
        lambda c: c.call(GET_COLLECTION, ("c1",), options={"_idempotency_key": "k\n"}),
        lambda c: c.set_default_header("X-Default", "a\nb"),
    ],
    ids=["authorization", "namespace", "header-param", "extra-header", "idempotency-key", "default-header"],
)
def test_header_values_with_line_breaks_are_refused(
    call: Any, client: ApiClient, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiValueError, match="line break"):
        call(client)
    assert recording_server.requests == []


def test_header_values_http_cannot_carry_are_refused_latin1_ones_sent(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    with pytest.raises(
        ApiValueError, match="CollectionsApi.get_collection: header 'X-Namespace' has characters"
    ):
        client.call(GET_COLLECTION, ("c1",), None, "ns_\u2603")
    with pytest.raises(ApiValueError, match="^header 'X-Default' has characters"):
        client.set_default_header("X-Default", "\u2603")
    assert recording_server.requests == []
    client.call(GET_COLLECTION, ("c1",), None, "ns_caf\u00e9")
    assert len(recording_server.requests) == 1


def test_configured_key_with_line_break_is_refused(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    client = make_client(api_key="sk_bad\r\nX-Evil: 1")
    with pytest.raises(ApiValueError, match="Authorization"):
        client.call(GET_COLLECTION, ("c1",))
    assert recording_server.requests == []


def _multipart_parts(request_body: bytes, content_type: str) -> dict[Any, tuple[Any, ...]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request_body
    )
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[name] = (part.get_filename(), part.get_payload(decode=True), part.get_content_type())
    return parts


def test_multipart_upload_accepts_bytes_tuples_paths_and_files(
    client: ApiClient, recording_server: RecordingServer, tmp_path: Path
) -> None:
    recording_server.respond(200, {"ok": True})
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG...")
    cases = [
        (b"raw-bytes", ("file", b"raw-bytes", "application/octet-stream")),
        (("notes.txt", b"hello", "text/plain"), ("notes.txt", b"hello", "text/plain")),
        (("data.json", b"{}"), ("data.json", b"{}", "application/json")),
        (str(image), ("photo.png", b"\x89PNG...", "image/png")),
        (image, ("photo.png", b"\x89PNG...", "image/png")),
        (io.BytesIO(b"stream"), ("file", b"stream", "application/octet-stream")),
    ]
    for value, expected in cases:
        client.call(UPLOAD_OBJECT, ("b1", value, {"title": "T"}, "docs/"))
        request = recording_server.last_request
        assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
        parts = _multipart_parts(request.body, request.headers["Content-Type"])
        assert parts["file"] == expected
        assert parts["metadata"][1] == b'{"title":"T"}'
        assert parts["key_prefix"][1] == b"docs/"


def test_a_file_that_cannot_be_read_is_refused_before_sending(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    closed = io.BytesIO(b"gone")
    closed.close()
    with pytest.raises(ApiValueError, match="BucketsApi.upload_object: cannot read"):
        client.call(UPLOAD_OBJECT, ("b1", closed))
    assert recording_server.requests == []


def test_with_http_info_returns_status_headers_raw_bytes_and_data(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    raw = b'{"collection_id": "c1", "document_count": 3}'
    recording_server.respond(200, raw, headers={"X-Request-Id": "req_1"})
    response = client.call_with_http_info(GET_COLLECTION, ("c1",))
    assert response.status_code == 200
    assert response.headers is not None and response.headers["x-request-id"] == "req_1"
    assert response.raw_data == raw
    assert response.data.document_count == 3


def test_without_preload_content_streams_lines(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(
        200, content_type="application/x-ndjson", chunks=[b'{"n": 1}\n{"n"', b": 2}\r\n", b'{"n": 3}']
    )
    with client.call_without_preload_content(GET_COLLECTION, ("c1",)) as response:
        assert response.status == 200
        assert list(response.iter_lines()) == ['{"n": 1}', '{"n": 2}', '{"n": 3}']
    recording_server.respond(200, b"0123456789", content_type="application/octet-stream")
    with client.call_without_preload_content(GET_COLLECTION, ("c1",)) as response:
        assert b"".join(response.stream(4)) == b"0123456789"


def test_without_preload_content_returns_error_statuses_undecoded(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(404, {"error": {"message": "missing"}})
    with client.call_without_preload_content(GET_COLLECTION, ("c1",)) as response:
        assert response.status == 404
        assert response.read() == b'{"error": {"message": "missing"}}'


def test_without_preload_content_reads_a_prefetched_body_in_parts(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    """A 503 saying it is not retryable was read for its hints before being handed over: reads still work."""
    body = b'{"retryable": false, "error": {"message": "down"}}'
    recording_server.respond(503, body)
    with client.call_without_preload_content(GET_COLLECTION, ("c1",)) as response:
        assert response.status == 503
        assert response.read(5) + response.read(5) == body[:10]
        assert response.read() == body[10:]
    with client.call_without_preload_content(GET_COLLECTION, ("c1",)) as response:
        assert response.read(3) == body[:3]
        assert b"".join(response.stream(4)) == body[3:]
        assert response.data == body


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"_request_timeout": "soon"}, ApiValueError),
        ({"_request_timeout": (1, 2, 3)}, ApiValueError),
        ({"_request_timeout": -1}, ApiValueError),
        ({"_max_retries": "two"}, ApiTypeError),
    ],
)
def test_per_call_options_of_the_wrong_kind_raise_sdk_errors_before_sending(
    options: dict[str, Any], error: type[Exception], client: ApiClient, recording_server: RecordingServer
) -> None:
    with pytest.raises(error):
        client.call(GET_COLLECTION, ("c1",), options=options)
    assert recording_server.requests == []


def test_host_with_path_prefix(make_client: MakeClient, recording_server: RecordingServer) -> None:
    client = make_client(host=recording_server.url + "/api/")
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(GET_COLLECTION, ("c1",))
    assert recording_server.last_request.raw_path == "/api/v1/collections/c1"


def test_headers_http_cannot_carry_are_refused(client: ApiClient, recording_server: RecordingServer) -> None:
    with pytest.raises(ApiValueError, match="X-Namespace"):
        client.call(GET_COLLECTION, ("c1",), None, "ns_名前")
    client.call(GET_COLLECTION, ("c1",), None, "ns_café")  # Latin-1 is fine
    assert recording_server.last_request.headers["X-Namespace"] == "ns_café"


def test_unreadable_upload_path_is_a_value_error(
    client: ApiClient, recording_server: RecordingServer, tmp_path: Path
) -> None:
    with pytest.raises(ApiValueError, match="cannot read the file") as raised:
        client.call(UPLOAD_OBJECT, ("b1", tmp_path / "missing.bin"))
    assert isinstance(raised.value.__cause__, FileNotFoundError)
    assert recording_server.requests == []


def test_non_model_bodies_are_validated_against_their_type(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    batch = Operation(
        name="create_many",
        api="CollectionsApi",
        method="POST",
        path="/v1/collections/batch",
        params=(
            Param(
                name="requests",
                wire="body",
                location="body",
                required=True,
                type=List[CreateCollectionRequest],
            ),
        ),
        responses={"200": "Any"},
        content_type="application/json",
    )
    client.call(
        batch, ([{"collection_name": "a"}, CreateCollectionRequest(collection_name="b", description="d")],)
    )
    assert recording_server.last_request.json() == [
        {"collection_name": "a"},
        {"collection_name": "b", "description": "d"},
    ]
    with pytest.raises(RequestValidationError, match=r"1\.collection_name"):
        client.call(batch, ([{"collection_name": "a"}, {}],))
    assert len(recording_server.requests) == 1


def test_streaming_call_still_gets_a_body_read_for_retry_hints(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(503, {"error": {"message": "down", "retryable": False}})
    with client.call_without_preload_content(GET_COLLECTION, ("c1",)) as response:
        assert response.status == 503
        assert response.read() == b'{"error": {"message": "down", "retryable": false}}'
        assert b"".join(response.stream()) == response.data
    assert len(recording_server.requests) == 1


def test_published_request_options(make_client: MakeClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    client = make_client()
    client.cookie = "session=abc"
    client.call(
        CREATE_COLLECTION,
        ({"collection_name": "c"},),
        options={
            "_content_type": "application/merge-patch+json",
            "_request_auth": {"in": "header", "key": "X-Api-Key", "value": "alt"},
            "_host_index": 0,
        },
    )
    request = recording_server.last_request
    assert request.headers["Content-Type"] == "application/merge-patch+json"
    assert request.headers["X-Api-Key"] == "alt"
    assert request.headers["Cookie"] == "session=abc"
    assert request.json() == {"collection_name": "c"}
