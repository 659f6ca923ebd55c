"""The shared test server itself: what the other tests rely on."""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread, StartStop
from test.support.servers import RecordingServer, unused_port


def _request(
    server: RecordingServer,
    method: str,
    target: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request(method, target, body=body, headers=headers or {})
    return conn.getresponse()


def test_records_path_query_headers_and_body(recording_server: RecordingServer) -> None:
    response = _request(
        recording_server, "POST", "/v1/a%2Fb/x?flag=true&tag=a&tag=b", b'{"k": 1}', {"X-Namespace": "ns_1"}
    )
    assert response.status == 200
    recorded = recording_server.last_request
    assert recorded.method == "POST"
    assert recorded.raw_path == "/v1/a%2Fb/x"
    assert recorded.query == {"flag": ["true"], "tag": ["a", "b"]}
    assert recorded.headers["x-namespace"] == "ns_1"
    assert recorded.json() == {"k": 1}


def test_queued_answers_come_before_the_default(recording_server: RecordingServer) -> None:
    recording_server.respond(201, {"default": True})
    recording_server.enqueue(503, "busy", content_type="text/plain", headers={"Retry-After": "1"})
    first = _request(recording_server, "GET", "/")
    assert (first.status, first.read(), first.getheader("Retry-After")) == (503, b"busy", "1")
    second = _request(recording_server, "GET", "/")
    assert (second.status, json.loads(second.read())) == (201, {"default": True})
    assert len(recording_server.requests) == 2


def test_close_and_reset_actions_break_the_connection(recording_server: RecordingServer) -> None:
    recording_server.enqueue(action="close")
    recording_server.enqueue(action="reset")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _request(recording_server, "GET", "/").read()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _request(recording_server, "GET", "/").read()


def test_unused_port_refuses_connections() -> None:
    conn = http.client.HTTPConnection("127.0.0.1", unused_port(), timeout=5)
    with pytest.raises(ConnectionRefusedError):
        conn.request("GET", "/")


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet."""


def test_the_scaffold_serves_on_a_loopback_port_then_frees_it() -> None:
    served = ServerThread(ThreadingHTTPServer(LOOPBACK_ANY_PORT, _Hello), name="hello")
    assert served.url == f"http://127.0.0.1:{served.port}" and served.port > 0  # known before it starts
    with served:
        assert served.start() is served  # starting again changes nothing
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"hello"
        conn.close()
        assert any(thread.name == "hello" for thread in threading.enumerate())
    served.stop()  # stopping again changes nothing
    assert not any(thread.name == "hello" for thread in threading.enumerate())
    with pytest.raises(ConnectionRefusedError):
        http.client.HTTPConnection("127.0.0.1", served.port, timeout=5).request("GET", "/")
    with pytest.raises(RuntimeError, match="make a new one"):
        served.start()


def test_a_server_never_started_can_be_stopped() -> None:
    served = ServerThread(ThreadingHTTPServer(LOOPBACK_ANY_PORT, _Hello), scheme="https")
    assert served.url.startswith("https://127.0.0.1:")
    served.stop()
    with pytest.raises(ConnectionRefusedError):
        http.client.HTTPConnection("127.0.0.1", served.port, timeout=5).request("GET", "/")


class _Counted(StartStop):
    """A server stand-in that records its lifecycle calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def start(self) -> _Counted:
        self.calls.append("start")
        return self

    def stop(self) -> None:
        self.calls.append("stop")


def test_the_with_lifecycle_starts_on_entry_and_stops_on_exit_even_after_an_error() -> None:
    counted = _Counted()
    with counted as entered:
        assert entered is counted and counted.calls == ["start"]
    assert counted.calls == ["start", "stop"]
    with pytest.raises(ZeroDivisionError), counted:
        1 / 0  # noqa: B018 - the error is the point
    assert counted.calls == ["start", "stop", "start", "stop"]


def test_a_server_without_start_or_stop_cannot_be_made() -> None:
    class OnlyStarts(StartStop):
        def start(self) -> OnlyStarts:
            return self

    with pytest.raises(TypeError, match="stop"):
        OnlyStarts()  # type: ignore[abstract]
