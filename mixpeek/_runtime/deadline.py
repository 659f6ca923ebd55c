"""Time limits of a call: the values a timeout may take, and the defaults. Every limit is finite.

- `timeout` (a number, or a (connect, read) pair; `connect_timeout`/`read_timeout` override one side):
  connecting takes at most the connect timeout, and the whole answer (status line, headers and body
  together) must arrive within the read timeout of the request being sent, however slowly the server
  drips its bytes. So one attempt lasts at most connect + read seconds.
- `total_timeout`: one call, all its attempts and the waits between them, ends within this many seconds
  (`DEFAULT_TOTAL_TIMEOUT` unless configured). An attempt is cut short when the call's deadline comes first,
  and no retry starts whose wait would reach it.

A timeout is a positive, finite number of seconds, at most `MAX_SECONDS`. None (or a pair of Nones) means
the default; anything else (infinity, NaN, zero, negative, text, booleans) is refused with `ApiValueError`
before anything is sent, since "wait forever" is never what a caller of a remote API wants and the socket
layer cannot even represent some of these values (a raw `OverflowError`).
"""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple

from mixpeek.exceptions import ApiValueError

#: Seconds for each of connect and read when no timeout is configured.
DEFAULT_TIMEOUT = 60.0
#: Seconds one call may take in all (attempts and waits) when `total_timeout` is not configured.
DEFAULT_TOTAL_TIMEOUT = 300.0
#: The longest timeout accepted: a day.
MAX_SECONDS = 86_400.0


def seconds(value: Any, setting: str, default: float) -> float:
    """`value` as a usable number of seconds (`default` for None), else `ApiValueError` naming `setting`."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ApiValueError(f"invalid {setting} {value!r}: expected a number of seconds")
    number = float(value) if not isinstance(value, int) or abs(value) < 2**53 else math.inf
    if not (0 < number <= MAX_SECONDS):  # refuses NaN too: every comparison with NaN is false
        raise ApiValueError(
            f"invalid {setting} {value!r}: a timeout must be a finite number of seconds above 0 and at most "
            f"{MAX_SECONDS:g} (None means the default)"
        )
    return number


def timeout_pair(
    timeout: Any, connect: Any, read: Any, default: float = DEFAULT_TIMEOUT
) -> Tuple[float, float]:
    """(connect, read) seconds from `timeout` (a number or a (connect, read) pair) and per-side overrides."""
    if isinstance(timeout, (tuple, list)):
        if len(timeout) != 2:
            raise ApiValueError(f"invalid timeout {timeout!r}: expected seconds or a (connect, read) pair")
        connect_default, read_default = timeout
    else:
        connect_default = read_default = timeout
    return (
        seconds(connect if connect is not None else connect_default, "timeout (connect)", default),
        seconds(read if read is not None else read_default, "timeout (read)", default),
    )


def total_seconds(value: Optional[Any]) -> float:
    """The call deadline's length in seconds (`DEFAULT_TOTAL_TIMEOUT` for None)."""
    return seconds(value, "total_timeout", DEFAULT_TOTAL_TIMEOUT)
