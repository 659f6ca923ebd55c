"""The size limit of an answer a call reads into memory, and the error raised when an answer exceeds it.

`max_response_bytes` (default `DEFAULT_MAX_RESPONSE_BYTES`) bounds both what is received for one answer
(status line, headers and body as they arrive) and the body once its content codings are decoded. An
announced length (Content-Length, or a chunk size) over the limit is refused before anything that size is
read, so a call's memory stays within a small multiple of the limit whatever the server sends or claims.
Streaming calls (`*_without_preload_content`) hand the body over as it arrives and are not limited.
"""

from __future__ import annotations

from typing import Any, Optional

from mixpeek.exceptions import ApiValueError

#: 256 MiB: far above any answer of the API (a page of 1,000 documents with 3,072-float vectors is about
#: 70 MB of JSON), far below what would exhaust a worker's memory.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 2**20


class ResponseTooLarge(Exception):
    """Raised while reading an answer that goes beyond the limit; the API client turns it into the SDK's
    `ApiDeserializationError` (it never reaches a caller as such)."""

    def __init__(self, limit: int, status: Optional[int] = None, what: str = "the answer") -> None:
        self.limit = limit
        self.status = status
        super().__init__(f"{what} is larger than the {limit:,}-byte limit (max_response_bytes)")


def max_bytes(value: Any) -> int:
    """`value` as a usable byte limit (`DEFAULT_MAX_RESPONSE_BYTES` for None), else `ApiValueError`."""
    if value is None:
        return DEFAULT_MAX_RESPONSE_BYTES
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ApiValueError(f"invalid max_response_bytes {value!r}: expected a positive number of bytes")
    return value
