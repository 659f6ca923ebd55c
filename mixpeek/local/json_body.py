"""Reading JSON sent by clients, strictly: the numbers JSON has, and a bounded depth.

Python's `json` module accepts ``NaN``, ``Infinity`` and ``-Infinity`` (not JSON), turns a literal beyond
the float range such as ``1e400`` into infinity, and raises `RecursionError` on deeply nested input. Here
the first two are a 422 (the request is not valid JSON, as the API would say) and nesting deeper than
`MAX_DEPTH` is a 400, checked with a scan of the raw text before anything is decoded.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Union

from mixpeek.local.errors import ApiError

#: The deepest nesting of arrays and objects a request may use (the API's models need a handful).
MAX_DEPTH = 64
#: A JSON string (skipped whole, escapes included) or one bracket.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_OPENING = frozenset(b"[{")


def invalid_json(message: str, where: str = "body") -> ApiError:
    """A 422 saying the text is not valid JSON (the shape of a validation error)."""
    details = {"errors": [{"loc": [where], "msg": message, "type": "json_invalid"}]}
    return ApiError(422, f"Request {where} is not valid JSON: {message}", details=details)


def nesting_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    for token in _TOKENS.finditer(data):
        first = token.group()[0]
        if first in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif first != ord('"'):
            depth -= 1
    return deepest


def _refuse_constant(token: str) -> Any:
    raise invalid_json(f"{token} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise invalid_json(f"the number {text[:40]} is out of range")
    return value


def load_json(data: Union[str, bytes], where: str = "body") -> Any:
    """Decode client JSON: 400 when nested deeper than `MAX_DEPTH`, 422 when not valid (strict) JSON."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if nesting_depth(raw) > MAX_DEPTH:
        raise ApiError(400, f"Request {where} is nested deeper than {MAX_DEPTH} arrays or objects")
    try:
        return json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
    except ApiError as error:
        error.details = {"errors": [{"loc": [where], "msg": error.message, "type": "json_invalid"}]}
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid_json(str(exc), where) from exc
