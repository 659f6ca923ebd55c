"""Guarded HTTP answers: an attempt's deadline, its size limit, and header sections cut short.

urllib3 and http.client bound each socket read, not an answer: a server that sends a byte every 0.2 s keeps
a read timeout of 1 s from ever firing, and a status line or header section cut off by a closed connection
parses as a complete, empty answer. The connection pools of `mixpeek.rest` therefore use connections whose
http.client response (`GuardedResponse`) reads the socket through `GuardedReader`, which

- ends the read with `socket.timeout` once the attempt's deadline has passed (the read timeout after the
  request was sent, or the call's deadline if that comes first), lowering the socket timeout for a read
  that could otherwise end more than `DEADLINE_SLACK` after the deadline;
- counts the bytes received and raises `ResponseTooLarge` beyond the size limit; an announced length
  (Content-Length, a chunk size) over the limit is refused before it is read;
- notes the end of the stream, so that `GuardedResponse.begin` tells a header section that ended with its
  blank line from one that ended because the connection closed (refused as
  `http.client.RemoteDisconnected`): reading a complete header section never needs to read past its blank
  line, so meeting the end of the stream while reading it means it was cut short.

The bounds of the attempt in progress are handed over through a thread-local (`arm`), since urllib3 builds
the response deep inside its own call; an answer read later (a stream) keeps the bounds it was created
with, and `AttemptBounds.release` lifts them once a streaming call hands its body over.
"""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time
from typing import Any, Dict, Optional, Type

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from mixpeek._runtime.limits import ResponseTooLarge

_monotonic = time.monotonic
_INFINITY = float("inf")
#: Seconds a read may end after the attempt's deadline. Without it, every read of an ordinary answer would
#: change the socket's timeout and set it back (the deadline is then a few microseconds short of a full read
#: timeout away); each change is a system call that releases the GIL, which cost threads sharing a client a
#: tenth of their throughput. Only reads near a nearer deadline (a slow answer, the call's last seconds) pay.
DEADLINE_SLACK = 0.05
_current = threading.local()


class AttemptBounds:
    """The bounds of one attempt: seconds its answer may take once sent, the call's deadline (monotonic
    clock), and the size limit in bytes (None: unlimited)."""

    __slots__ = ("answer_seconds", "call_deadline", "limit", "released")

    def __init__(self, answer_seconds: float, call_deadline: float, limit: Optional[int]) -> None:
        self.answer_seconds = answer_seconds
        self.call_deadline = call_deadline
        self.limit = limit
        self.released = False

    def release(self) -> None:
        """Lift the deadline and the size limit: a streaming body is read at the caller's pace."""
        self.released = True


_UNBOUNDED = AttemptBounds(float("inf"), float("inf"), None)


def arm(bounds: Optional[AttemptBounds]) -> None:
    """Make `bounds` those of the answers this thread receives next (None: unbounded)."""
    _current.bounds = bounds


class GuardedReader(socket.SocketIO):
    """The socket's raw reader (what `socket.makefile` would give), applying the attempt's deadline and size
    limit to every read."""

    def __init__(self, sock: socket.socket, bounds: AttemptBounds) -> None:
        super().__init__(sock, "rb")
        sock._io_refs += 1  # type: ignore[attr-defined]  # as socket.makefile does: the socket closes last
        self._socket = sock
        self._bounds = bounds
        self._deadline = min(bounds.call_deadline, _monotonic() + bounds.answer_seconds)
        timeout = sock.gettimeout()
        self._read_timeout = _INFINITY if timeout is None else timeout
        self.received = 0
        self.ended = False  # the peer closed the stream (a read returned nothing)

    def readinto(self, buffer: Any) -> Optional[int]:
        bounds = self._bounds
        if bounds.released:
            return super().readinto(buffer)
        remaining = self._deadline - _monotonic()
        if remaining <= 0:
            raise socket.timeout("the answer did not arrive in time (attempt or call deadline)")
        if remaining < self._read_timeout - DEADLINE_SLACK:  # a read that could outlast the deadline
            self._socket.settimeout(remaining)
            try:
                count = super().readinto(buffer)
            finally:
                self._socket.settimeout(None if self._read_timeout == _INFINITY else self._read_timeout)
        else:
            count = super().readinto(buffer)
        if count:
            self.received += count
            if bounds.limit is not None and self.received > bounds.limit:
                raise ResponseTooLarge(bounds.limit)
        elif count == 0 and len(buffer):
            self.ended = True
        return count


class _Handover:
    """Stands for the socket in `http.client.HTTPResponse.__init__`, whose `makefile` it answers with the
    guarded reader (so that no unguarded reader is made and thrown away)."""

    __slots__ = ("_file",)

    def __init__(self, file: io.BufferedReader) -> None:
        self._file = file

    def makefile(self, mode: str) -> io.BufferedReader:
        return self._file


class GuardedResponse(http.client.HTTPResponse):
    """http.client's response, reading through `GuardedReader` with the bounds armed when it was created."""

    def __init__(self, sock: Any, debuglevel: int = 0, method: Optional[str] = None, url: Any = None):
        bounds = getattr(_current, "bounds", None) or _UNBOUNDED
        self._bounds = bounds
        self._reader: Optional[GuardedReader] = None
        if isinstance(sock, socket.socket):  # ssl.SSLSocket included; anything else reads unguarded
            self._reader = GuardedReader(sock, bounds)
            sock = _Handover(io.BufferedReader(self._reader))
        super().__init__(sock, debuglevel, method, url)

    def begin(self) -> None:
        super().begin()
        if self._reader is not None and self._reader.ended:
            raise http.client.RemoteDisconnected("the connection closed inside the status line or headers")
        limit = self._bounds.limit
        if limit is not None and self.length is not None and self.length > limit:  # announced: refused unread
            raise ResponseTooLarge(limit, self.status)

    def _safe_read(self, amt: int) -> bytes:
        limit = self._bounds.limit
        if limit is not None and amt > limit and not self._bounds.released:
            raise ResponseTooLarge(limit, self.status)  # an announced chunk size: refused before reading
        return super()._safe_read(amt)  # type: ignore[no-any-return,misc]


class GuardedHTTPConnection(HTTPConnection):
    response_class = GuardedResponse


class GuardedHTTPSConnection(HTTPSConnection):
    response_class = GuardedResponse


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


#: The pool classes a `urllib3.PoolManager` (or `ProxyManager`) of the SDK uses, by scheme.
POOL_CLASSES: Dict[str, Type[HTTPConnectionPool]] = {
    "http": GuardedHTTPConnectionPool,
    "https": GuardedHTTPSConnectionPool,
}
