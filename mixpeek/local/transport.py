"""The wire: a threaded HTTP/1.1 server (keep-alive) that feeds `Application` and writes its answers.

JSON answers carry a Content-Length; streamed answers (`Response.stream`, such as a retriever execution's
server-sent events) use chunked transfer encoding, one chunk per piece, so the connection stays reusable.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union
from urllib.parse import parse_qs, urlsplit

from mixpeek.local.app import Application
from mixpeek.local.errors import ApiError
from mixpeek.local.messages import Request, Response

#: The largest request body accepted (a full 1,000-document upsert of large vectors fits comfortably).
MAX_BODY_BYTES = 256 * 1024 * 1024
#: How long, and how much, the server reads of a refused body before closing (see `_drain_before_close`).
_DRAIN_SECONDS = 2.0
_DRAIN_BYTES = 16 * 1024 * 1024


def _parse_size(text: Union[str, bytes], base: int, what: str) -> int:
    """A non-negative size from a request's framing; 400 when it is not one (`int` alone takes "-1")."""
    try:
        size = int(text, base)
    except ValueError:
        size = -1
    if size < 0:
        raise ApiError(400, f"Malformed request: invalid {what} {text!r}")
    return size


def _check_size(size: int) -> None:
    if size > MAX_BODY_BYTES:
        raise ApiError(413, f"Request body too large ({size} bytes; limit {MAX_BODY_BYTES})")


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalHTTPServer
    server_version = "mixpeek-local"

    def setup(self) -> None:
        """Disable Nagle's algorithm: a response is written as headers then body, and waiting for the
        client's delayed ACK between the two would add ~40 ms to every keep-alive request."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature fixed by stdlib
        """Quiet by default; `LocalHTTPServer.verbose` prints one line per request."""
        if self.server.verbose:
            super().log_message(format, *args)

    def _read_body(self) -> bytes:
        """The request body (fixed length or chunked); malformed framing is a 400, too large a 413."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            total = 0
            while True:
                size = _parse_size(self.rfile.readline(65537).split(b";")[0].strip(), 16, "chunk size")
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                total += size
                _check_size(total)
                parts.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = _parse_size((self.headers.get("Content-Length") or "0").strip(), 10, "Content-Length")
        _check_size(length)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        target = urlsplit(self.path)
        try:
            body = self._read_body()
        except ApiError as error:
            self._send(Response(error.status, error.to_body(), {"Connection": "close"}))
            self._drain_before_close()
            return
        request = Request(
            method=self.command,
            path=target.path,
            query=parse_qs(target.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        self._send(self.server.application.handle(request))

    def _drain_before_close(self) -> None:
        """After refusing a body unread: stop writing, then read (for a bounded time and size) what the client
        is still sending. Closing with unread data would reset the connection, and the client, still
        sending, would see a broken pipe instead of the refusal."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(_DRAIN_SECONDS)
            remaining = _DRAIN_BYTES
            while remaining > 0:
                data = self.connection.recv(65536)
                if not data:
                    break
                remaining -= len(data)
        except OSError:
            pass  # the client is gone or too slow: nothing more to do for it

    def _send(self, response: Response) -> None:
        if response.stream is not None:
            self._send_stream(response, response.stream)
            return
        payload = b"" if response.body is None else json.dumps(response.body, separators=(",", ":")).encode()
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        self.send_response(response.status, reason)
        if response.body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _send_stream(self, response: Response, chunks: Iterable[bytes]) -> None:
        """The headers, then each chunk as it comes (chunked transfer encoding)."""
        self.send_response(response.status, HTTPStatus(response.status).phrase)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in chunks:
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client stopped reading: nothing left to tell it

    def __getattr__(self, name: str) -> Any:
        """Every HTTP method goes to `Application` (which answers 405 for the ones a path does not take),
        instead of `http.server`'s HTML 501 page."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class LocalHTTPServer(ThreadingHTTPServer):
    """A `ThreadingHTTPServer` bound to one `Application`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], application: Application, verbose: bool = False) -> None:
        self.application = application
        self.verbose = verbose
        super().__init__(address, _RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up before its answer is written; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
