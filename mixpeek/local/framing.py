"""Request body framing per RFC 9112 (section 6): how long a body is, or why it cannot be read safely.

A request whose framing two parsers could read differently (request smuggling) is refused before anything
of it is processed, and the connection is closed afterwards, so no byte after the error is ever read as
another request:

* ``Content-Length`` together with ``Transfer-Encoding``: 400;
* a transfer coding other than a single ``chunked``: 501 (the server decodes no other coding);
* a ``Content-Length`` that is not plain ASCII digits (a sign, ``_``, spaces inside, hex), or several
  differing values: 400 (identical repeated values count as one);
* a chunk size that is not plain hex digits, or chunk data not followed by CRLF: 400.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import BufferedIOBase
from typing import Optional

from mixpeek.local.errors import ApiError

#: The largest request body accepted (a full 1,000-document upsert of large vectors fits comfortably).
MAX_BODY_BYTES = 256 * 1024 * 1024
#: The longest chunk-size line or trailer line read.
_MAX_LINE = 65536
_DIGITS = re.compile(r"[0-9]+")
_HEX_DIGITS = re.compile(rb"[0-9A-Fa-f]+")


def framing_error(message: str, status: int = 400) -> ApiError:
    """A refusal of the request's framing (the transport closes the connection after sending it)."""
    return ApiError(status, f"Malformed request framing: {message}")


def body_length(content_lengths: Sequence[str], transfer_encodings: Sequence[str]) -> Optional[int]:
    """The body's length from its framing headers; None for a chunked body.

    `content_lengths` and `transfer_encodings` are every value of those headers, in order.
    """
    if transfer_encodings:
        if content_lengths:
            raise framing_error("Content-Length and Transfer-Encoding in one request")
        codings = [part.strip().lower() for value in transfer_encodings for part in value.split(",")]
        if codings != ["chunked"]:
            raise framing_error(f"unsupported Transfer-Encoding {', '.join(codings)!r}; only chunked", 501)
        return None
    values = {part.strip() for value in content_lengths for part in value.split(",")}
    if not values:
        return 0
    if len(values) > 1:
        raise framing_error(f"differing Content-Length values {sorted(values)}")
    (text,) = values
    if not _DIGITS.fullmatch(text):
        raise framing_error(f"invalid Content-Length {text!r}")
    return check_size(int(text))


def check_size(size: int) -> int:
    """The size, or a 413 when the body would be larger than `MAX_BODY_BYTES`."""
    if size > MAX_BODY_BYTES:
        raise ApiError(413, f"Request body too large ({size} bytes; limit {MAX_BODY_BYTES})")
    return size


def read_chunked(stream: BufferedIOBase) -> bytes:
    """A chunked body read whole (extensions and trailers skipped); 400 for malformed chunks."""
    parts: list[bytes] = []
    total = 0
    while True:
        line = stream.readline(_MAX_LINE)
        size_text = line.split(b";", 1)[0].strip(b" \t\r\n")
        if not line.endswith(b"\n") or not _HEX_DIGITS.fullmatch(size_text):
            raise framing_error(f"invalid chunk size {size_text[:32]!r}")
        size = int(size_text, 16)
        if size == 0:
            _skip_trailers(stream)
            return b"".join(parts)
        total = check_size(total + size)
        data = stream.read(size)
        if len(data) != size or stream.read(2) != b"\r\n":
            raise framing_error("chunk data not followed by CRLF")
        parts.append(data)


def _skip_trailers(stream: BufferedIOBase) -> None:
    while True:
        line = stream.readline(_MAX_LINE)
        if line in (b"\r\n", b"\n", b""):
            return
