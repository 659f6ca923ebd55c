"""Real HTTP servers on 127.0.0.1 for tests: no mocks of the SDK's internals.

`RecordingServer` answers every request with canned responses and records what it received, exactly as it
arrived on the wire (percent-encoding of the path preserved, headers, raw body bytes). Canned responses can
also misbehave on purpose (`delay`, `action="close"` or `action="reset"`), which is how the runtime's timeout,
connection-error and retry handling are tested against a real socket.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional, Union
from urllib.parse import parse_qs

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread, StartStop

Body = Union[None, bytes, str, Any]

#: Values accepted by ``action``: answer normally; close the connection without answering; reset it (RST);
#: or "truncate": announce a longer body than is sent, then close (the client sees a broken body).
ACTIONS = (None, "close", "reset", "truncate")


class Headers(Mapping[str, str]):
    """A read-only, case-insensitive view of request headers (the last value wins for repeated names).

    ``items_all()`` keeps every header line in the order received, with the original spelling.
    """

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._pairs = list(pairs)
        self._by_lower = {name.lower(): value for name, value in pairs}

    def __getitem__(self, name: str) -> str:
        return self._by_lower[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._by_lower

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_lower)

    def __len__(self) -> int:
        return len(self._by_lower)

    def get_all(self, name: str) -> list[str]:
        """Every value sent for ``name``, in order."""
        return [value for key, value in self._pairs if key.lower() == name.lower()]

    def items_all(self) -> list[tuple[str, str]]:
        return list(self._pairs)

    def __repr__(self) -> str:
        return f"Headers({self._pairs!r})"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    raw_path: str  # exactly as sent, percent-encoding preserved, without the query string
    query: dict[str, list[str]]
    headers: Headers
    body: bytes
    raw_query: str = ""

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body.decode("utf-8"))

    @property
    def target(self) -> str:
        """The request target as sent (path plus query)."""
        return self.raw_path + ("?" + self.raw_query if self.raw_query else "")


@dataclass(frozen=True)
class CannedResponse:
    """What the server does for one request."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds to wait before answering (for timeout tests)
    action: Optional[str] = None  # one of ACTIONS
    chunks: tuple[bytes, ...] = field(default=())  # when set, the body is sent with chunked encoding


def _encode_body(body: Body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


def make_response(
    status: int = 200,
    body: Body = None,
    headers: Optional[Mapping[str, str]] = None,
    content_type: Optional[str] = "application/json",
    *,
    delay: float = 0.0,
    action: Optional[str] = None,
    chunks: Optional[list[bytes]] = None,
) -> CannedResponse:
    """Build a `CannedResponse`; JSON-able bodies are encoded with `json.dumps`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {ACTIONS}")
    header_pairs: list[tuple[str, str]] = []
    given = {name.lower() for name in (headers or {})}
    if content_type is not None and "content-type" not in given and (body is not None or chunks):
        header_pairs.append(("Content-Type", content_type))
    header_pairs.extend((headers or {}).items())
    return CannedResponse(
        status=status,
        body=_encode_body(body),
        headers=tuple(header_pairs),
        delay=delay,
        action=action,
        chunks=tuple(chunks or ()),
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small writes go out at once (no 40 ms delayed-ACK stalls)
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature fixed by stdlib
        """Keep test output quiet."""

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        body = self._read_body()
        path, _, raw_query = self.path.partition("?")
        recorded = RecordedRequest(
            method=self.command,
            raw_path=path,
            query=parse_qs(raw_query, keep_blank_values=True),
            headers=Headers(list(self.headers.items())),
            body=body,
            raw_query=raw_query,
        )
        canned = self.server.owner._record_and_pick(recorded)
        if canned.delay:
            time.sleep(canned.delay)
        if canned.action == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if canned.action == "truncate":
            self.close_connection = True
            self.send_response_only(canned.status)
            self.send_header("Content-Length", str(len(canned.body) + 100))
            self.end_headers()
            self.wfile.write(canned.body)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if canned.action == "reset":
            self.close_connection = True
            # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        self._send(canned)

    def _send(self, canned: CannedResponse) -> None:
        try:
            reason = HTTPStatus(canned.status).phrase
        except ValueError:
            reason = ""
        self.send_response_only(canned.status, reason)
        self.send_header("Date", self.date_time_string())
        for name, value in canned.headers:
            self.send_header(name, value)
        head_only = self.command == "HEAD"
        if canned.chunks:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in canned.chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(canned.body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(canned.body)
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: RecordingServer) -> None:
        self.owner = owner
        super().__init__(LOOPBACK_ANY_PORT, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up early (timeout tests do it on purpose); report anything else."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, socket.timeout, BrokenPipeError)):
            super().handle_error(request, client_address)


class RecordingServer(StartStop):
    """A threaded HTTP/1.1 (keep-alive) server on 127.0.0.1 that records requests and replays canned answers.

    Use as a context manager (or call `start()`/`stop()`); `url` is ``"http://127.0.0.1:PORT"``.
    Responses: `enqueue(...)` queues one-shot answers consumed in order; once the queue is empty the default
    set by `respond(...)` (200 with an empty body unless changed) answers every request.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[CannedResponse] = deque()
        self._default = make_response()
        self._requests: list[RecordedRequest] = []
        self._handler: Optional[Callable[[RecordedRequest], CannedResponse]] = None
        self._serving: Optional[ServerThread[_Server]] = None

    # lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> RecordingServer:
        """Serve on a new free port (no-op when already serving)."""
        if self._serving is None:
            self._serving = ServerThread(_Server(self)).start()
        return self

    def stop(self) -> None:
        if self._serving is not None:
            self._serving.stop()
            self._serving = None

    def _running(self) -> ServerThread[_Server]:
        if self._serving is None:
            raise RuntimeError("server not started")
        return self._serving

    @property
    def port(self) -> int:
        return self._running().port

    @property
    def url(self) -> str:
        return self._running().url

    # canned responses ------------------------------------------------------------------------------------
    def respond(
        self,
        status: int = 200,
        body: Body = None,
        headers: Optional[Mapping[str, str]] = None,
        content_type: Optional[str] = "application/json",
        *,
        delay: float = 0.0,
        action: Optional[str] = None,
        chunks: Optional[list[bytes]] = None,
    ) -> None:
        """Set the default answer, used whenever no one-shot answer is queued."""
        canned = make_response(status, body, headers, content_type, delay=delay, action=action, chunks=chunks)
        with self._lock:
            self._default = canned

    def enqueue(
        self,
        status: int = 200,
        body: Body = None,
        headers: Optional[Mapping[str, str]] = None,
        content_type: Optional[str] = "application/json",
        *,
        delay: float = 0.0,
        action: Optional[str] = None,
        chunks: Optional[list[bytes]] = None,
    ) -> None:
        """Queue a one-shot answer; queued answers are used in order before the default."""
        canned = make_response(status, body, headers, content_type, delay=delay, action=action, chunks=chunks)
        with self._lock:
            self._queue.append(canned)

    def handle_with(self, handler: Optional[Callable[[RecordedRequest], CannedResponse]]) -> None:
        """Answer with `handler(request)` (build answers with `make_response`) once the queue is empty.

        For answers that depend on the request, e.g. echoing a header back. None restores the default.
        """
        with self._lock:
            self._handler = handler

    def reset(self) -> None:
        """Forget requests, queued answers and the handler; the default answer becomes an empty 200."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self._default = make_response()
            self._handler = None

    def _record_and_pick(self, request: RecordedRequest) -> CannedResponse:
        with self._lock:
            self._requests.append(request)
            if self._queue:
                return self._queue.popleft()
            handler = self._handler
            if handler is None:
                return self._default
        return handler(request)

    # recorded requests -----------------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received since the last `reset()`, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self._requests:
                raise AssertionError("the server has not received any request")
            return self._requests[-1]


def unused_port() -> int:
    """A local port with nothing listening on it (for connection-refused tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(LOOPBACK_ANY_PORT)
        return int(sock.getsockname()[1])
