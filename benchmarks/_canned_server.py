"""A tiny HTTP/1.1 keep-alive server on 127.0.0.1 that answers fixed bytes by path.

Every benchmark talks to this server, so the server's cost is the same for our SDK, the published package
and the raw-urllib3 floors. Each route's whole response (status line, headers, body) is built once, up front,
and written with a single ``write`` per request; request bodies are read and discarded (``Content-Length``
or chunked), so a bulk upload costs the server the same whoever sends it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Optional

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
        self._discard_body()
        path = self.path.split("?", 1)[0]
        self.wfile.write(self.server.routes.get((self.command, path), self.server.not_found))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def _discard_body(self) -> None:
        """Read the request body (fixed length or chunked) without keeping it."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0], 16)
                self._skip(size + 2)  # the chunk and its CRLF
                if size == 0:
                    return
        self._skip(int(self.headers.get("Content-Length") or 0))

    def _skip(self, remaining: int) -> None:
        while remaining > 0:
            got = len(self.rfile.read(min(remaining, _CHUNK)))
            if got == 0:
                return
            remaining -= got

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Silent: a log line per request would be most of the server's cost."""


class _CannedHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[tuple[str, str], bytes]
    not_found: bytes


class CannedServer:
    """Serve ``routes`` ((method, path) -> JSON body bytes, answered 200) on 127.0.0.1 in a background thread.

    Use as a context manager; ``url`` is ``http://127.0.0.1:<port>``.
    """

    def __init__(self, routes: Mapping[tuple[str, str], bytes]) -> None:
        self._httpd = _CannedHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.routes = {key: _wire(200, "OK", body) for key, body in routes.items()}
        self._httpd.not_found = _wire(404, "Not Found", _NOT_FOUND)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="canned-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> CannedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
