"""`ApiResponse[T]`: what the `*_with_http_info` methods return."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class ApiResponse(Generic[T]):
    """A decoded response together with its HTTP details.

    `status_code`, `headers` (a case-insensitive mapping), `data` (the decoded body, typed as the operation
    declares) and `raw_data` (the body bytes exactly as received).
    """

    __slots__ = ("status_code", "headers", "data", "raw_data")

    def __init__(
        self,
        status_code: int,
        data: T,
        headers: Optional[Mapping[str, str]] = None,
        raw_data: bytes = b"",
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self.data = data
        self.raw_data = raw_data

    def __repr__(self) -> str:
        return (
            f"ApiResponse(status_code={self.status_code}, data={self.data!r}, "
            f"raw_data=<{len(self.raw_data)} bytes>)"
        )
