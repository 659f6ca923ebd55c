"""The list endpoints' pagination: limit/page_size, offset/page and opaque cursors, in one page request.

A cursor is an opaque token (``"cur_"`` + base64 of the next offset); `next_cursor` in a response feeds the
next request's ``cursor`` (also accepted as ``next_cursor`` or ``after``). Query parameters win over the
same fields in a list request's body. Responses carry the spec's `PaginationResponse` object.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional, TypeVar
from urllib.parse import urlencode

from mixpeek.local.errors import ApiError, bad_request

JsonDict = dict[str, Any]
Item = TypeVar("Item")

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
_CURSOR_PREFIX = "cur_"
_CURSOR_NAMES = ("cursor", "next_cursor", "after")


@dataclass(frozen=True)
class PageRequest:
    """Which slice of a listing a request asks for."""

    offset: int = 0
    limit: int = DEFAULT_LIMIT


def encode_cursor(offset: int) -> str:
    """The opaque cursor that resumes a listing at `offset`."""
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(str(offset).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset a cursor made by `encode_cursor` stands for; 400 for anything else."""
    if not cursor.startswith(_CURSOR_PREFIX):
        raise bad_request(f"Invalid pagination cursor {cursor!r}", cursor=cursor)
    encoded = cursor[len(_CURSOR_PREFIX) :]
    try:
        offset = int(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad_request(f"Invalid pagination cursor {cursor!r}", cursor=cursor) from None
    if offset < 0:
        raise bad_request(f"Invalid pagination cursor {cursor!r}", cursor=cursor)
    return offset


def _integer(name: str, raw: Any, minimum: int, maximum: Optional[int] = None) -> int:
    try:
        value = int(raw)
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError
    except (TypeError, ValueError):
        raise _invalid(name, raw, "must be an integer") from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise _invalid(name, raw, f"must be {bound}")
    return value


def _invalid(name: str, raw: Any, problem: str) -> ApiError:
    return ApiError(
        422,
        f"Invalid pagination parameter '{name}': {problem}",
        details={"errors": [{"loc": ["query", name], "msg": problem, "input": str(raw)}]},
    )


def page_request(
    query: Mapping[str, Sequence[str]],
    body: Optional[Mapping[str, Any]] = None,
    default_limit: int = DEFAULT_LIMIT,
) -> PageRequest:
    """The page a request asks for, from its query string and (for POST .../list) its body."""

    def pick(*names: str) -> Any:
        for name in names:
            values = query.get(name)
            if values:
                return values[-1]
        for name in names:
            if body is not None and body.get(name) is not None:
                return body[name]
        return None

    raw_limit = pick("limit", "page_size")
    limit = default_limit if raw_limit is None else _integer("limit", raw_limit, 1, MAX_LIMIT)
    cursor = pick(*_CURSOR_NAMES)
    if cursor is not None and cursor != "":
        return PageRequest(decode_cursor(str(cursor)), limit)
    raw_offset, raw_page = pick("offset"), pick("page")
    if raw_offset is not None:
        return PageRequest(_integer("offset", raw_offset, 0), limit)
    if raw_page is not None:
        return PageRequest((_integer("page", raw_page, 1) - 1) * limit, limit)
    return PageRequest(0, limit)


def paginate(items: Sequence[Item], page: PageRequest, path: str) -> tuple[list[Item], JsonDict]:
    """The page's items and the `PaginationResponse` describing where it sits in the whole listing."""
    total = len(items)
    chosen = list(items[page.offset : page.offset + page.limit])
    next_offset = page.offset + page.limit
    has_next = next_offset < total
    info: JsonDict = {
        "total": total,
        "page": page.offset // page.limit + 1,
        "page_size": page.limit,
        "total_pages": math.ceil(total / page.limit) if total else 0,
        "next_cursor": encode_cursor(next_offset) if has_next else None,
        "next_page": _link(path, next_offset, page.limit) if has_next else None,
        "previous_page": _link(path, max(page.offset - page.limit, 0), page.limit) if page.offset else None,
    }
    return chosen, info


def _link(path: str, offset: int, limit: int) -> str:
    return f"{path}?{urlencode({'offset': offset, 'limit': limit})}"
