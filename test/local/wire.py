"""Raw-socket helpers for the local server's wire tests: send exact bytes, read what comes back."""

from __future__ import annotations

import re
import socket
import time
from urllib.parse import urlsplit

#: How long a raw exchange waits for the server before giving up (keeps every test bounded).
EXCHANGE_SECONDS = 10.0
_STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


def address(url: str) -> tuple[str, int]:
    """The (host, port) of a server URL."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def connect(url: str, timeout: float = EXCHANGE_SECONDS) -> socket.socket:
    """A TCP connection to the server, with a bounded timeout on every operation."""
    return socket.create_connection(address(url), timeout=timeout)


def read_until_closed(sock: socket.socket, seconds: float = EXCHANGE_SECONDS) -> tuple[bytes, bool]:
    """Everything the server sends within `seconds`, and whether it closed the connection in that time."""
    received = b""
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return received, False
        sock.settimeout(remaining)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            return received, False
        except ConnectionResetError:
            return received, True
        if not data:
            return received, True
        received += data


def exchange(url: str, data: bytes, seconds: float = EXCHANGE_SECONDS) -> tuple[bytes, bool]:
    """Send raw bytes on a fresh connection; returns what came back and whether the server closed."""
    with connect(url) as sock:
        sock.sendall(data)
        return read_until_closed(sock, seconds)


def statuses(answer: bytes) -> list[int]:
    """The status codes of every response in a byte stream (more than one means a second request ran)."""
    return [int(code) for code in _STATUS_LINE.findall(answer)]


def request_head(url: str, method: str, path: str, *headers: str) -> bytes:
    """A request line and header section (Host and a test key included), ending with the blank line."""
    host, port = address(url)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Authorization: Bearer sk_local_test"]
    return ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode()
