"""`loads`: `json.loads` whose every failure on hostile input is a `ValueError`, and which reads all JSON.

`json.loads` raises `RecursionError` (not a `ValueError`) on deeply nested input such as ``b"[" * 100000``;
every place that reads JSON a server sent (bodies, error bodies, retry hints, events) calls this instead, so
a hostile body can only ever give "not JSON". An integer longer than Python converts from text (4,300
digits by default, `sys.set_int_max_str_digits`) is valid JSON: it is kept as its text, a `str`, rather
than failing the whole body (an `int` of that size could not even be printed).
"""

from __future__ import annotations

import json
from typing import Any, Union


def loads(data: Union[str, bytes, bytearray], **hooks: Any) -> Any:
    """The decoded JSON value; raises `ValueError` (`JSONDecodeError` unless the bytes are not UTF-8) for
    anything that is not decodable JSON. `hooks` are `json.loads` keyword arguments (`object_pairs_hook`)."""
    try:
        try:
            return json.loads(data, **hooks)
        except ValueError as exc:
            if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
                raise
            return json.loads(data, parse_int=_int_or_text, **hooks)  # an integer beyond the digit limit
    except RecursionError as exc:
        doc = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
        raise json.JSONDecodeError("JSON nested too deeply to decode", doc, 0) from exc


def _int_or_text(text: str) -> Union[int, str]:
    """An integer, or its text when it has more digits than Python converts."""
    try:
        return int(text)
    except ValueError:
        return text
