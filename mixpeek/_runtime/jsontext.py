"""`loads`: `json.loads` whose every failure on hostile input is a `ValueError`.

`json.loads` raises `RecursionError` (not a `ValueError`) on deeply nested input such as ``b"[" * 100000``;
every place that reads JSON a server sent (bodies, error bodies, retry hints) calls this instead, so a
hostile body can only ever give "not JSON".
"""

from __future__ import annotations

import json
from typing import Any, Union


def loads(data: Union[str, bytes, bytearray]) -> Any:
    """The decoded JSON value; raises `ValueError` (`JSONDecodeError` unless the bytes are not UTF-8) for
    anything that is not decodable JSON."""
    try:
        return json.loads(data)
    except RecursionError as exc:
        doc = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
        raise json.JSONDecodeError("JSON nested too deeply to decode", doc, 0) from exc
