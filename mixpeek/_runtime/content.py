"""Content codings: the SDK asks for gzip, and decodes nothing else, within the answer size limit.

A call that reads its answer into memory sends `Accept-Encoding: gzip` (`ACCEPT_ENCODING`). The answer's
`Content-Encoding` lists the codings in the order the server applied them; they are undone last first,
each gzip layer decoded incrementally with its output capped at the limit, so a small "bomb" (a few bytes
that expand to gigabytes, possibly through stacked layers) stops at the limit. A coding the SDK did not ask
for (br, deflate, compress, zstd, ...) is not decoded: the call fails with a message naming it, rather than
handing compressed bytes to the JSON parser.
"""

from __future__ import annotations

import zlib
from typing import List, Optional

from mixpeek._runtime.limits import ResponseTooLarge

#: The `Accept-Encoding` of calls that read their answer into memory.
ACCEPT_ENCODING = "gzip"
_GZIP = frozenset({"gzip", "x-gzip"})
_NONE = frozenset({"", "identity"})


class ContentCodingError(ValueError):
    """An answer in a content coding the SDK did not ask for, or whose gzip data is broken."""


def decode(data: bytes, content_encoding: Optional[str], limit: int, status: Optional[int] = None) -> bytes:
    """`data` with its content codings undone (as is when there are none); raises `ContentCodingError`, or
    `ResponseTooLarge` when a decoded layer would exceed `limit` bytes."""
    if not content_encoding:
        return data
    codings = [coding.strip().lower() for coding in content_encoding.split(",")]
    if any(coding not in _GZIP and coding not in _NONE for coding in codings):
        raise ContentCodingError(
            f"the answer uses the content coding {content_encoding!r}, which the SDK did not ask for "
            f"(it asks for {ACCEPT_ENCODING!r} only)"
        )
    for coding in reversed(codings):
        if coding in _GZIP:
            data = _gunzip(data, limit, status)
    return data


def _gunzip(data: bytes, limit: int, status: Optional[int]) -> bytes:
    """Every gzip member of `data`, decoded with the output capped at `limit` bytes."""
    parts: List[bytes] = []
    total = 0
    while data:
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            part = decoder.decompress(data, limit + 1 - total)
        except zlib.error as exc:
            raise ContentCodingError(f"the answer's gzip data is broken: {exc}") from exc
        total += len(part)
        if total > limit or decoder.unconsumed_tail:
            raise ResponseTooLarge(limit, status, "the decoded answer")
        if not decoder.eof:
            raise ContentCodingError("the answer's gzip data is cut short")
        parts.append(part)
        data = decoder.unused_data
    return b"".join(parts)
