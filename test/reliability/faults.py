"""A fault-injection HTTP server on 127.0.0.1: each request meets the next fault of a script.

The server speaks just enough HTTP/1.1 to be a real peer for urllib3, and answers every request on its own
connection (`Connection: close`), so the Nth connection is the Nth attempt and a fault never leaks into the
next attempt through a pooled socket. What it can do to a request (see `Fault`):

- answer with any status, headers and body (JSON, an HTML error page, ...);
- reset the connection before reading the request (RST once the request arrived, unread);
- reset it, or close it without answering, after reading the request;
- answer too slowly (after `delay` seconds, bounded, and abandoned at shutdown) so the client's read
  timeout fires first;
- cut an answer off in the middle of its body (close), or stall there (the read timeout fires mid-body);
- cut it off inside the status line or the header section;
- drip the end of the header section, or of the body, one byte every `DRIP_INTERVAL` seconds (1.6 s in
  all), so that no single socket read times out although the whole answer takes longer than the timeout.

It also plays the part of the API's storage: a write (POST/PUT/PATCH/DELETE other than the API's
`POST .../list` reads) that the fault says was processed is "applied". Writes carrying an `Idempotency-Key`
are applied once per key, as the API does; other writes are applied every time they are processed.
`times_applied()` counts the effects, which is how the tests prove a write was not done twice.
"""

from __future__ import annotations

import hashlib
import select
import socket
import socketserver
import struct
import sys
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import IO, Any, Optional

from benchmarks._serving import LOOPBACK, LOOPBACK_ANY_PORT, ServerThread, StartStop

#: Fault kinds.
ANSWER = "answer"
RESET_BEFORE_READ = "reset before read"
RESET_AFTER_READ = "reset after read"
CLOSE_WITHOUT_ANSWER = "close without answer"
SLOW_ANSWER = "slow answer"
CUT_MID_BODY = "cut mid-body"
STALL_MID_BODY = "stall mid-body"
CUT_IN_STATUS = "cut inside the status line"
CUT_IN_HEADERS = "cut inside the headers"
DRIP_HEAD = "headers dripped"
DRIP_BODY = "body dripped"

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_DELAY = 2.0  # seconds a slow answer may take, at most: keeps every test bounded in time
DRIP_INTERVAL = 0.2  # seconds between two bytes of a dripped answer
DRIPPED = 8  # bytes dripped (the end of the header section, or of the body): 1.6 s in all


@dataclass(frozen=True)
class Fault:
    """What the server does to one request.

    `applies` says whether the server processed the request (and so applied a write) before the fault hit:
    by default an answer with a 2xx status, a reset or close after reading, and a slow answer were processed;
    an error status and a reset before reading were not. A gateway that times out after the backend wrote
    is `answer(503, applies=True)`.
    """

    kind: str = ANSWER
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0
    applies: Optional[bool] = None

    def processed(self) -> bool:
        """Whether the request was processed before the fault (see the class docstring)."""
        if self.applies is not None:
            return self.applies
        if self.kind == ANSWER:
            return 200 <= self.status < 300
        return self.kind != RESET_BEFORE_READ


def answer(
    status: int,
    body: bytes = b"",
    headers: Optional[dict[str, str]] = None,
    *,
    content_type: str = "application/json",
    applies: Optional[bool] = None,
) -> Fault:
    """An answer with this status, body and headers (a Content-Type is added when there is a body)."""
    pairs = dict(headers or {})
    if body and "Content-Type" not in pairs:
        pairs["Content-Type"] = content_type
    return Fault(ANSWER, status, tuple(pairs.items()), body, applies=applies)


def slow_answer(status: int, body: bytes, delay: float) -> Fault:
    """An answer sent only after `delay` seconds (at most `MAX_DELAY`)."""
    if not 0 < delay <= MAX_DELAY:
        raise ValueError(f"delay must be in (0, {MAX_DELAY}] seconds, got {delay}")
    return Fault(SLOW_ANSWER, status, (("Content-Type", "application/json"),), body, delay)


def cut_mid_body(body: bytes) -> Fault:
    """A 200 whose Content-Length promises `body`, of which only the first half is sent before closing."""
    return Fault(CUT_MID_BODY, 200, (("Content-Type", "application/json"),), body)


def stall_mid_body(body: bytes, delay: float) -> Fault:
    """A 200 that sends half of `body`, then nothing for `delay` seconds (at most `MAX_DELAY`)."""
    if not 0 < delay <= MAX_DELAY:
        raise ValueError(f"delay must be in (0, {MAX_DELAY}] seconds, got {delay}")
    return Fault(STALL_MID_BODY, 200, (("Content-Type", "application/json"),), body, delay)


def cut_in_status_line() -> Fault:
    """The connection closes after the first bytes of the status line ("HTTP/1.1 200", no line end)."""
    return Fault(CUT_IN_STATUS)


def cut_in_headers() -> Fault:
    """The status line and part of one header arrive, then the connection closes."""
    return Fault(CUT_IN_HEADERS)


def drip_headers(body: bytes) -> Fault:
    """A 200 whose header section ends with `DRIPPED` bytes sent one every `DRIP_INTERVAL` seconds."""
    return Fault(DRIP_HEAD, 200, (("Content-Type", "application/json"),), body)


def drip_body(body: bytes) -> Fault:
    """A 200 whose body ends with `DRIPPED` bytes sent one every `DRIP_INTERVAL` seconds."""
    return Fault(DRIP_BODY, 200, (("Content-Type", "application/json"),), body)


def reset_before_read() -> Fault:
    return Fault(RESET_BEFORE_READ)


def reset_after_read() -> Fault:
    return Fault(RESET_AFTER_READ)


def close_without_answer() -> Fault:
    return Fault(CLOSE_WITHOUT_ANSWER)


class FullBacklog(StartStop):
    """A port on 127.0.0.1 whose accept queue is full: the kernel drops new connection attempts (SYNs), so a
    client's connect times out without anything being sent. Use as a context manager (`start` fills the
    queue, `stop` closes every socket); `url` as for servers.
    """

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(LOOPBACK_ANY_PORT)
        self._listener.listen(0)
        self._fillers: list[socket.socket] = []

    def start(self) -> FullBacklog:
        for _ in range(8):  # more than the queue holds; the rest stay half-open, never accepted
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(self._listener.getsockname())
            self._fillers.append(filler)
        return self

    def stop(self) -> None:
        for filler in self._fillers:
            filler.close()
        self._listener.close()

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self._listener.getsockname()[1]}"


@dataclass(frozen=True)
class Arrival:
    """One connection the server accepted, and what it did to it."""

    fault: str
    method: str = ""  # empty when the request was not read (reset before read)
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class _Parsed:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def _read_request(reader: IO[bytes]) -> Optional[_Parsed]:
    """One HTTP/1.1 request (request line, headers, Content-Length body); None if the client hung up."""
    line = reader.readline(65537)
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    for _ in range(200):
        raw = reader.readline(65537)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    body = reader.read(length) if length else b""
    return _Parsed(method, target, headers, body)


def _reset(connection: socket.socket) -> None:
    """Close with RST instead of FIN (SO_LINGER with a zero timeout)."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def _response_bytes(fault: Fault) -> bytes:
    try:
        reason = HTTPStatus(fault.status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {fault.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in fault.headers]
    lines += [f"Content-Length: {len(fault.body)}", "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + fault.body


class _Handler(socketserver.StreamRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        owner = self.server.owner
        fault = owner._take_fault_if(RESET_BEFORE_READ)
        if fault is not None:
            # wait (bounded) until the request is on its way, so the client has sent it: the reset then
            # reaches a client that cannot know whether the server read it
            select.select([self.connection], [], [], MAX_DELAY)
            owner._record(Arrival(fault.kind))
            _reset(self.connection)
            return
        parsed = _read_request(self.rfile)  # type: ignore[arg-type]  # a buffered binary reader
        if parsed is None:
            return
        fault = owner._take_fault()
        owner._record(Arrival(fault.kind, parsed.method, parsed.path, parsed.headers, parsed.body))
        if fault.processed():
            owner._apply(parsed)
        if fault.kind == RESET_AFTER_READ:
            _reset(self.connection)
        elif fault.kind == CLOSE_WITHOUT_ANSWER:
            self.connection.shutdown(socket.SHUT_RDWR)
        elif fault.kind == CUT_IN_STATUS:
            self._send_then_close(b"HTTP/1.1 200")
        elif fault.kind == CUT_IN_HEADERS:
            self._send_then_close(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Partial: ab")
        elif fault.kind in (DRIP_HEAD, DRIP_BODY):
            whole = _response_bytes(fault)
            end = len(whole) if fault.kind == DRIP_BODY else len(whole) - len(fault.body)
            self.wfile.write(whole[: end - DRIPPED])
            self._drip(whole[end - DRIPPED : end], owner._stopping)
            self.wfile.write(whole[end:])
            self.wfile.flush()
        elif fault.kind in (CUT_MID_BODY, STALL_MID_BODY):
            whole = _response_bytes(fault)
            self.wfile.write(whole[: len(whole) - len(fault.body) // 2])
            self.wfile.flush()
            if fault.kind == STALL_MID_BODY:
                owner._stopping.wait(min(fault.delay, MAX_DELAY))
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            if fault.kind == SLOW_ANSWER and owner._stopping.wait(min(fault.delay, MAX_DELAY)):
                return
            self.wfile.write(_response_bytes(fault))
            self.wfile.flush()


    def _send_then_close(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def _drip(self, data: bytes, stopping: threading.Event) -> None:
        """Send `data` a byte at a time, `DRIP_INTERVAL` apart (the server stopping ends it)."""
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if stopping.wait(DRIP_INTERVAL):
                return


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: FaultServer) -> None:
        self.owner = owner
        super().__init__(LOOPBACK_ANY_PORT, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when the client hung up first (timeouts do it on purpose); report anything else."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout, OSError)):
            super().handle_error(request, client_address)


class FaultServer(StartStop):
    """The scripted server. Use as a context manager; `url` is "http://127.0.0.1:PORT".

    `script(*faults)` queues faults, consumed one per request in order; when the queue is empty every
    request gets `default` (set by the constructor or `set_default`).
    """

    def __init__(self, default: Optional[Fault] = None) -> None:
        self._lock = threading.Lock()
        self._faults: deque[Fault] = deque()
        self._default = default or answer(200, b"{}")
        self._arrivals: list[Arrival] = []
        self._applied: Counter[str] = Counter()
        self._keys_seen: set[str] = set()
        self._stopping = threading.Event()
        self._serving: Optional[ServerThread[_TCPServer]] = None

    def start(self) -> FaultServer:
        self._serving = ServerThread(_TCPServer(self)).start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # ends slow, stalled and dripped answers first, so that stopping is quick
        if self._serving is not None:
            self._serving.stop()

    @property
    def url(self) -> str:
        if self._serving is None:
            raise RuntimeError("the server is not started")
        return self._serving.url

    # the script ------------------------------------------------------------------------------------------
    def script(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def set_default(self, fault: Fault) -> None:
        with self._lock:
            self._default = fault

    def _take_fault(self) -> Fault:
        with self._lock:
            return self._faults.popleft() if self._faults else self._default

    def _take_fault_if(self, kind: str) -> Optional[Fault]:
        with self._lock:
            if self._faults and self._faults[0].kind == kind:
                return self._faults.popleft()
            return None

    # what happened ---------------------------------------------------------------------------------------
    def _record(self, arrival: Arrival) -> None:
        with self._lock:
            self._arrivals.append(arrival)

    def _apply(self, request: _Parsed) -> None:
        is_read = request.method == "POST" and request.path.split("?")[0].endswith("/list")
        if request.method not in WRITE_METHODS or is_read:
            return
        key = request.headers.get("idempotency-key")
        with self._lock:
            if key is not None:
                if key in self._keys_seen:
                    return  # the API answers a repeated key from its record without writing again
                self._keys_seen.add(key)
            effect = f"key:{key}" if key is not None else "body:" + hashlib.sha256(request.body).hexdigest()
            self._applied[effect] += 1

    @property
    def arrivals(self) -> list[Arrival]:
        """Every connection accepted so far, in order (one per attempt)."""
        with self._lock:
            return list(self._arrivals)

    def times_applied(self) -> int:
        """How many times a write took effect on the server (all bodies together)."""
        with self._lock:
            return sum(self._applied.values())
