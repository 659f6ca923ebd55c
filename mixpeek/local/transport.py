"""The wire: a threaded HTTP/1.1 server (keep-alive) that feeds `Application` and writes its answers.

JSON answers carry a Content-Length; streamed answers (`Response.stream`, such as a retriever execution's
server-sent events) use chunked transfer encoding, one chunk per piece, so the connection stays reusable.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mixpeek.local.app import Application
from mixpeek.local.errors import ApiError
from mixpeek.local.framing import body_length, framing_error, read_chunked
from mixpeek.local.messages import Request, Response

#: The listen backlog: connections the kernel queues while the accept loop catches up (the kernel caps it
#: at ``net.core.somaxconn``). 5, the stdlib's default, reset clients under a burst of 200 connections.
LISTEN_BACKLOG = 1024
#: The most connections served at once (one thread each); one more is answered 503 with Retry-After.
DEFAULT_MAX_CONNECTIONS = 512
#: How long a connection may stay silent (no byte of a request arriving, or the client not reading an
#: answer) before the server closes it; a keep-alive connection idle this long is closed too.
DEFAULT_IDLE_TIMEOUT_SECONDS = 30.0
#: What a refused connection is told to wait, and how long the refusal waits for the request's head.
BUSY_RETRY_AFTER_SECONDS = 1
_BUSY_READ_SECONDS = 2.0
#: How long, and how much, the server reads of a refused body before closing (see `_drain_before_close`).
_DRAIN_SECONDS = 2.0
_DRAIN_BYTES = 16 * 1024 * 1024


def encode_json(body: Any) -> bytes:
    """A response body as compact JSON; never NaN or Infinity tokens (those are not JSON)."""
    return json.dumps(body, separators=(",", ":"), allow_nan=False).encode()


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalHTTPServer
    server_version = "mixpeek-local"

    def setup(self) -> None:
        """Disable Nagle's algorithm: a response is written as headers then body, and waiting for the
        client's delayed ACK between the two would add ~40 ms to every keep-alive request.
        Every read and write on the connection times out after the server's idle timeout."""
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature fixed by stdlib
        """Quiet by default; `LocalHTTPServer.verbose` prints one line per request."""
        if self.server.verbose:
            super().log_message(format, *args)

    def _read_body(self) -> bytes:
        """The request body (fixed length or chunked); bad framing is a 400 or 501, too large a 413."""
        length = body_length(
            self.headers.get_all("Content-Length") or [], self.headers.get_all("Transfer-Encoding") or []
        )
        if length is None:
            return read_chunked(self.rfile)
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            raise framing_error("the connection ended inside the body")
        return body

    def _handle(self) -> None:
        target = urlsplit(self.path)
        try:
            body = self._read_body()
        except ApiError as error:
            self._refuse(error)
            return
        except socket.timeout:  # TimeoutError from Python 3.10 on; a distinct class on 3.9
            self._refuse(ApiError(408, "Request timed out while reading its body"))
            return
        request = Request(
            method=self.command,
            path=target.path,
            query=parse_qs(target.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        self._send(self.server.application.handle(request))

    def _refuse(self, error: ApiError) -> None:
        """Answer a request that is not processed, then close its connection (nothing after it is read)."""
        headers = {**error.headers, "Connection": "close"}
        try:
            self._send(Response(error.status, error.to_body(), headers))
        except OSError:
            self.close_connection = True
            return
        self._drain_before_close()

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
        try:
            payload = b"" if response.body is None else encode_json(response.body)
        except ValueError as exc:  # a NaN or infinite number reached an answer: a bug, reported as such
            failure = ApiError(500, f"Internal error in the local Mixpeek server: unencodable answer: {exc}")
            response = Response(500, failure.to_body())
            payload = encode_json(response.body)
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
        except OSError:  # the client went away or stopped reading (idle timeout): nothing left to tell it
            self.close_connection = True

    def __getattr__(self, name: str) -> Any:
        """Every HTTP method goes to `Application` (which answers 405 for the ones a path does not take),
        instead of `http.server`'s HTML 501 page."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)


class _BusyHandler(_RequestHandler):
    """Serves a connection over the limit: reads the request's head briefly, answers 503 and closes."""

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(_BUSY_READ_SECONDS)

    def _handle(self) -> None:
        busy = ApiError(
            503,
            f"The local Mixpeek server is serving its maximum of {self.server.max_connections} "
            "connections; retry shortly",
        )
        busy.headers["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        self._refuse(busy)


class LocalHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server bound to one `Application`.

    The thread model: the accept loop hands each connection to a thread of its own, at most
    `max_connections` at a time; a connection beyond that gets a short-lived thread that answers 503 with
    ``Retry-After`` and closes. The listen backlog (`LISTEN_BACKLOG`) holds bursts while the loop accepts,
    and a connection silent for `idle_timeout` seconds is closed, so a slow or mute client holds one thread
    for a bounded time and never delays the others.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        application: Application,
        verbose: bool = False,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT_SECONDS,
    ) -> None:
        if max_connections < 1 or not idle_timeout > 0:
            raise ValueError("max_connections must be at least 1 and idle_timeout positive")
        self.application = application
        self.verbose = verbose
        self.max_connections = max_connections
        self.idle_timeout = float(idle_timeout)
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, _RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in its own thread, or refuse it (503) when every slot is taken."""
        admitted = self._slots.acquire(blocking=False)
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address, admitted),
            name="mixpeek-local-connection" if admitted else "mixpeek-local-busy",
            daemon=True,
        )
        try:
            thread.start()
        except BaseException:
            if admitted:
                self._slots.release()
            raise

    def _serve_connection(self, request: Any, client_address: Any, admitted: bool) -> None:
        try:
            if admitted:
                self.finish_request(request, client_address)
            else:
                _BusyHandler(request, client_address, self)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            if admitted:
                self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up or times out before its answer is written; report the rest."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout)):
            super().handle_error(request, client_address)
