"""A forward HTTP proxy on 127.0.0.1 for tests: relays absolute-form requests to 127.0.0.1, records them."""

from __future__ import annotations

import http.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from benchmarks._serving import LOOPBACK, LOOPBACK_ANY_PORT, ServerThread


class ForwardProxy(ThreadingHTTPServer):
    """A forward HTTP proxy on 127.0.0.1 that relays to 127.0.0.1 only and records what it relayed.

    `start()` serves it in a background thread (`benchmarks._serving`), `stop()` stops and closes it.
    """

    daemon_threads = True

    def __init__(self) -> None:
        self.relayed: list[tuple[str, str, dict[str, str]]] = []
        super().__init__(LOOPBACK_ANY_PORT, _ProxyHandler)
        self._serving = ServerThread(self)

    def start(self) -> ForwardProxy:
        self._serving.start()
        return self

    def stop(self) -> None:
        self._serving.stop()

    @property
    def url(self) -> str:
        return self._serving.url


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ForwardProxy

    def _relay(self) -> None:
        target = urlsplit(self.path)
        headers = {name: value for name, value in self.headers.items()}
        self.server.relayed.append((self.command, self.path, headers))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if target.hostname != LOOPBACK or target.port is None:
            self.send_error(502, "this proxy relays to 127.0.0.1 only")
            return
        forwarded = {k: v for k, v in headers.items() if k.lower() not in ("proxy-authorization", "host")}
        upstream = http.client.HTTPConnection(LOOPBACK, target.port, timeout=5)
        try:
            upstream.request(self.command, target.path + (f"?{target.query}" if target.query else ""), body,
                             forwarded)  # fmt: skip
            answer = upstream.getresponse()
            data = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _relay

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet."""
