"""The published low-level methods: param_serialize -> call_api -> response_deserialize, on our transport."""

from __future__ import annotations

import pytest

from mixpeek.api_client import ApiClient
from mixpeek.api_response import ApiResponse
from mixpeek.exceptions import ApiConnectionError, NotFoundException
from mixpeek.rest import RESTResponse
from test.conftest import TEST_API_KEY, MakeClient
from test.support.clock import FakeClock
from test.support.servers import RecordingServer, unused_port


def test_param_serialize_returns_the_published_tuple(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    method, url, headers, body, post_params = client.param_serialize(
        "GET",
        "/v1/collections/{collection_identifier}",
        path_params={"collection_identifier": "a/b c"},
        query_params=[("limit", 5), ("include_total", True), ("tags", ["x", "y"]), ("cursor", None)],
        header_params={"Accept": "application/json"},
        auth_settings=["BearerAuth", "NamespaceHeader"],
    )
    assert (method, body, post_params) == ("GET", None, None)
    assert url == recording_server.url + "/v1/collections/a%2Fb%20c?limit=5&include_total=true&tags=x&tags=y"
    assert headers["Authorization"] == f"Bearer {TEST_API_KEY}" and headers["X-Namespace"] == "ns_test"
    assert headers["Accept"] == "application/json" and headers["User-Agent"].startswith("mixpeek-python/")
    _, _, only_custom, _, _ = client.param_serialize(
        "GET",
        "/v1/x",
        auth_settings=["BearerAuth"],
        _request_auth={"in": "header", "key": "X-Custom", "value": "v"},
    )
    assert "Authorization" not in only_custom and only_custom["X-Custom"] == "v"
    _, _, _, _, form = client.param_serialize(
        "POST", "/v1/up", post_params=[("a", "1")], files={"file": b"data"}
    )
    assert form == [("a", "1"), ("file", ("file", b"data", "application/octet-stream"))]


def test_the_three_steps_make_a_call(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(
        200, {"collection_id": "c1", "document_count": 2}, headers={"X-Request-Id": "r1"}
    )
    request = client.param_serialize(
        method="POST",
        resource_path="/v1/collections",
        header_params={"Content-Type": "application/json"},
        body={"collection_name": "docs"},
        auth_settings=["BearerAuth"],
    )
    response = client.call_api(*request, _request_timeout=5)
    assert isinstance(response, RESTResponse) and response.status == 200
    assert response.read() == response.data == b'{"collection_id": "c1", "document_count": 2}'
    assert response.getheader("X-Request-Id") == "r1"
    sent = recording_server.last_request
    assert (sent.method, sent.raw_path, sent.json()) == (
        "POST",
        "/v1/collections",
        {"collection_name": "docs"},
    )
    assert sent.headers["Authorization"] == f"Bearer {TEST_API_KEY}" and "X-Namespace" not in sent.headers
    result = client.response_deserialize(response, {"200": "CollectionResponse"})
    assert isinstance(result, ApiResponse) and result.status_code == 200
    assert type(result.data).__name__ == "CollectionResponse" and result.data.document_count == 2
    assert result.raw_data == response.data and result.headers is not None
    assert client.response_deserialize(response, {"2XX": "Dict[str, object]"}).data["document_count"] == 2
    assert client.response_deserialize(response, {"200": "bytearray"}).data == response.data
    assert client.response_deserialize(response, {"201": "CollectionResponse"}).data is None


def test_error_statuses_raise_on_deserialize_with_the_key_redacted(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(404, {"error": {"message": f"no collection for {TEST_API_KEY}"}})
    response = client.call_api(
        "GET", recording_server.url + "/v1/collections/c9", {"Authorization": f"Bearer {TEST_API_KEY}"}
    )
    assert response.status == 404  # call_api returns any status
    with pytest.raises(NotFoundException) as raised:
        client.response_deserialize(response, {"200": "CollectionResponse", "404": "ErrorResponse"})
    assert raised.value.status == 404 and TEST_API_KEY not in str(raised.value)
    assert "HTTP response body: " in str(raised.value)


def test_call_api_bodies(client: ApiClient, recording_server: RecordingServer) -> None:
    url = recording_server.url + "/v1/echo"
    client.call_api("GET", url, {"Content-Type": "application/json"}, {"ignored": True})
    assert recording_server.last_request.body == b""  # a GET carries no body
    client.call_api("POST", url, {"Content-Type": "text/plain"}, "hello")
    assert recording_server.last_request.body == b"hello"
    client.call_api(
        "POST", url, {"Content-Type": "application/x-www-form-urlencoded"}, None, [("a", "1"), ("b", "x y")]
    )
    assert recording_server.last_request.body == b"a=1&b=x+y"
    client.call_api("POST", url, None, {"n": 1})
    sent = recording_server.last_request
    assert sent.body == b'{"n":1}' and sent.headers["Content-Type"] == "application/json"


def test_call_api_retries_and_maps_connection_errors(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(503, {"error": {"message": "busy"}})
    client = make_client()
    response = client.call_api("GET", recording_server.url + "/v1/health")
    assert response.status == 200 and len(recording_server.requests) == 2 and clock.sleeps
    with pytest.raises(ApiConnectionError, match="ApiClient.call_api"):
        make_client(max_retries=0).call_api("GET", f"http://127.0.0.1:{unused_port()}/v1/health")
