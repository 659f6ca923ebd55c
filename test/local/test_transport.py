"""The wire: HTTP/1.1 keep-alive, chunked request bodies, JSON answers for any method."""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest

from mixpeek.local import framing as body_framing
from test.local.helpers import TEST_KEY

AUTH = {"Authorization": f"Bearer {TEST_KEY}"}


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)


def test_one_connection_serves_several_requests(local_url: str) -> None:
    connection = _connection(local_url)
    try:
        connection.request("GET", "/v1/namespaces", headers=AUTH)
        first = connection.getresponse()
        first.read()
        socket_before = connection.sock
        connection.request("GET", "/v1/namespaces?limit=1", headers=AUTH)
        second = connection.getresponse()
        body = json.loads(second.read())
        same_socket = connection.sock is socket_before
    finally:
        connection.close()
    assert (first.status, second.status) == (200, 200)
    assert first.getheader("Connection") != "close"
    assert socket_before is not None and same_socket  # the second request reused the first's connection
    assert body["pagination"]["page_size"] == 1


def test_a_chunked_request_body_is_read_whole(local_url: str, namespace_name: str) -> None:
    payload = json.dumps({"namespace_id": namespace_name}).encode()
    chunks = [payload[:5], payload[5:]]
    connection = _connection(local_url)
    try:
        connection.request(
            "POST",
            "/v1/namespaces/standalone",
            body=iter(chunks),
            headers={**AUTH, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == 200
    assert body["namespace_id"] == namespace_name


def test_an_unexpected_method_gets_a_json_405_with_allow(local_url: str) -> None:
    connection = _connection(local_url)
    try:
        connection.request("BREW", "/v1/namespaces", headers=AUTH)
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == 405
    assert response.getheader("Content-Type") == "application/json"
    assert set(response.getheader("Allow", "").split(", ")) == {"GET", "POST"}
    assert body["success"] is False and body["status"] == 405


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: abc\r\n\r\n",
        b"Content-Length: -1\r\n\r\n{}",  # read(-1) would wait for the client to close
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_malformed_body_framing_gets_a_json_400(local_url: str, framing: bytes) -> None:
    parts = urlsplit(local_url)
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/namespaces HTTP/1.1\r\nHost: local\r\nAuthorization: Bearer "
            + TEST_KEY.encode()
            + b"\r\n"
            + framing
        )
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = json.loads(response.read())
    assert response.status == 400
    assert body["success"] is False and "Malformed request" in body["error"]["message"]


def test_a_chunked_body_over_the_limit_gets_a_413(local_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_framing, "MAX_BODY_BYTES", 8)
    connection = _connection(local_url)
    try:
        connection.request(
            "POST",
            "/v1/namespaces",
            body=iter([b'{"namespace_name":', b'"too-long"}']),
            headers={**AUTH, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert response.status == 413
    assert body["error"]["type"] == "PayloadTooLargeError"
    assert response.getheader("Connection") == "close"
