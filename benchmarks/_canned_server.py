"""A tiny HTTP/1.1 keep-alive server on 127.0.0.1 that answers fixed bytes by path.

Every benchmark talks to this server, so the server's cost is the same for our SDK, the published package
and the raw-urllib3 floors. Each route's whole response (status line, headers, body) is built once, up front,
and written with a single ``write`` per request; request bodies are read and discarded (``Content-Length``
or chunked), so a bulk upload costs the server the same whoever sends it. ``GET /_bench/stats`` answers
(and resets) the request count and body bytes received since the last reset, so a workload can check that
two clients uploaded the same volume.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _bodies import STATS_PATH
from _serving import LOOPBACK_ANY_PORT, ServerThread, StartStop

_NOT_FOUND = b'{"detail":"no canned response for this path"}'
_CHUNK = 1 << 20


def _wire(status: int, reason: str, body: bytes) -> bytes:
    """The complete HTTP/1.1 response for ``body``, as sent on the wire."""
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _CannedHTTPServer

    def _answer(self) -> None:
        received = self._discard_body()
        path = self.path.split("?", 1)[0]
        if path == STATS_PATH:
            self.wfile.write(_wire(200, "OK", json.dumps(self.server.take_stats()).encode("ascii")))
            return
        self.server.count(received)
        self.wfile.write(self.server.routes.get((self.command, path), self.server.not_found))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def _discard_body(self) -> int:
        """Read the request body (fixed length or chunked) without keeping it; its size in bytes."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            total = 0
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0], 16)
                total += self._skip(size + 2) - 2  # the chunk and its CRLF
                if size == 0:
                    return total
        return self._skip(int(self.headers.get("Content-Length") or 0))

    def _skip(self, size: int) -> int:
        remaining = size
        while remaining > 0:
            got = len(self.rfile.read(min(remaining, _CHUNK)))
            if got == 0:
                break
            remaining -= got
        return size - remaining

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Silent: a log line per request would be most of the server's cost."""


class _CannedHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[tuple[str, str], bytes]
    not_found: bytes

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self._lock = threading.Lock()
        self._requests = 0
        self._body_bytes = 0

    def count(self, body_bytes: int) -> None:
        with self._lock:
            self._requests += 1
            self._body_bytes += body_bytes

    def take_stats(self) -> dict[str, int]:
        """Requests and body bytes received since the last call."""
        with self._lock:
            stats = {"requests": self._requests, "body_bytes": self._body_bytes}
            self._requests = self._body_bytes = 0
        return stats


class CannedServer(StartStop):
    """Serve ``routes`` ((method, path) -> JSON body bytes, answered 200) on 127.0.0.1 in a background thread.

    Use as a context manager; ``url`` is ``http://127.0.0.1:<port>``.
    """

    def __init__(self, routes: Mapping[tuple[str, str], bytes]) -> None:
        httpd = _CannedHTTPServer(LOOPBACK_ANY_PORT)
        httpd.routes = {key: _wire(200, "OK", body) for key, body in routes.items()}
        httpd.not_found = _wire(404, "Not Found", _NOT_FOUND)
        # the stdlib's default poll interval: the serving loop wakes twice a second while workloads run
        self._serving = ServerThread(httpd, name="canned-server", poll_interval=0.5)

    @property
    def url(self) -> str:
        return self._serving.url

    def start(self) -> CannedServer:
        self._serving.start()
        return self

    def stop(self) -> None:
        self._serving.stop()
