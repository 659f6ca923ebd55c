"""The retry policy: the one place that decides whether a failed attempt is tried again, and after how long.

What is retried (at most `max_retries` times, 2 by default):

- connection failures before the request was sent (refused, DNS, connect timeout): always;
- failures after the request may have been sent (reset, closed without answer, read timeout): only when the
  operation is safe to repeat (`Operation.idempotent`) or the call carries an idempotency key;
- the statuses in `retry_statuses` (408, 429, 500, 502, 503, 504).

How long to wait: exponential backoff from `initial_backoff` (0.5 s, doubling, capped at `max_backoff`) with
jitter that only shortens the wait. A server hint wins over the backoff: the `Retry-After` header (seconds or
an HTTP date; a date in another form, such as ISO 8601, is read with python-dateutil) or, in a JSON body,
`retry_after_seconds` (top level, under "error" or "error.details");
`"retryable": false` there stops retrying. No retry happens when its wait would take the total waiting
beyond `max_total_wait`.

Waiting out a busy service (`hinted_retry_budget`; off by default, the high-level `Mixpeek` client sets
180 s): a 429 or 503 whose server hint says how long to wait is retried past `max_retries` and past
`max_total_wait`, as long as the total waiting of the call stays within `hinted_retry_budget` seconds, each
of those waits being at most `max_hinted_wait` (30 s) and at least `initial_backoff` (so that a zero hint
cannot make a client hammer the service). The API answers 503 with such a hint while a
namespace's vector writer starts, which takes about two minutes. Without a hint, or for other statuses, the
rules above apply.

The clock, the sleep function and the random source are fields, so tests run the policy on a fake clock.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, FrozenSet, Optional

from mixpeek._runtime import dates, jsontext
from mixpeek.exceptions import ApiValueError

RETRY_STATUSES: FrozenSet[int] = frozenset({408, 429, 500, 502, 503, 504})
#: The statuses a server hint may have waited out within `RetryPolicy.hinted_retry_budget`.
HINTED_STATUSES: FrozenSet[int] = frozenset({429, 503})


def retry_count(value: Any, default: int) -> int:
    """`value` as a number of retries, else `ApiValueError` naming it.

    A whole number of 0 or more, or, as the published package passed its ``retries`` to urllib3, a
    ``urllib3.Retry``: its ``total`` (``False`` means no retries; no total, the ``default``). Anything else
    (a negative number, a fraction, text) is refused when it is set, not on the first call.
    """
    if hasattr(value, "total") and hasattr(value, "increment"):  # a urllib3.Retry, read without importing it
        total = value.total
        value = 0 if total is False else default if total is None else total
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApiValueError(f"invalid max_retries {value!r}: expected a whole number of retries, 0 or more")
    return value


@dataclass(frozen=True)
class RetryPolicy:
    """Retry settings and decisions; immutable, so one instance is safely shared by every thread."""

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: float = 0.25  # the backoff is shortened by up to this fraction, at random
    max_total_wait: float = 60.0  # seconds of waiting, summed over all retries of one call
    hinted_retry_budget: float = 0.0  # seconds a hinted 429/503 may be waited out in total (0: off)
    max_hinted_wait: float = 30.0  # the longest single wait for a hinted 429/503 within that budget
    hinted_statuses: FrozenSet[int] = HINTED_STATUSES
    retry_statuses: FrozenSet[int] = RETRY_STATUSES
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    wall_clock: Callable[[], float] = field(default=time.time, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def with_max_retries(self, max_retries: Any) -> RetryPolicy:
        """The same policy with another retry count (0 turns retrying off); see `retry_count`."""
        count = retry_count(max_retries, self.max_retries)
        return self if count == self.max_retries else replace(self, max_retries=count)

    def with_hinted_retry_budget(self, seconds: float) -> RetryPolicy:
        """The same policy waiting out hinted 429/503 answers for up to ``seconds`` in total (0: off)."""
        seconds = float(seconds)
        if not seconds >= 0:  # also refuses NaN
            raise ValueError(f"the retry budget must be a number of seconds >= 0, got {seconds!r}")
        return self if seconds == self.hinted_retry_budget else replace(self, hinted_retry_budget=seconds)

    def may_retry_status(self, status: int, attempt: int) -> bool:
        """Whether an answer with ``status`` after attempt number ``attempt`` can be retried at all (before
        its headers and body are read): the count limit, or the hinted budget for 429/503."""
        if status not in self.retry_statuses:
            return False
        return attempt <= self.max_retries or (
            self.hinted_retry_budget > 0 and status in self.hinted_statuses
        )

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt number `attempt` (1-based) when the server gave no hint."""
        base = min(self.max_backoff, self.initial_backoff * 2.0 ** (attempt - 1))
        return float(base * (1.0 - self.jitter * self.random()))

    def _within_budget(self, attempt: int, waited: float, wait: float) -> Optional[float]:
        if attempt > self.max_retries or waited + wait > self.max_total_wait:
            return None
        return max(0.0, wait)

    def wait_after_error(
        self, attempt: int, waited: float, *, may_have_been_processed: bool, safe_to_repeat: bool
    ) -> Optional[float]:
        """Seconds to wait before retrying after a connection failure, or None to give up.

        `may_have_been_processed` is true when the request may have reached the server (the connection
        broke after sending, or the answer timed out); such a request is repeated only if `safe_to_repeat`.
        """
        if may_have_been_processed and not safe_to_repeat:
            return None
        return self._within_budget(attempt, waited, self.backoff(attempt))

    def wait_after_status(
        self, attempt: int, waited: float, status: int, headers: Mapping[str, str], body: bytes
    ) -> Optional[float]:
        """Seconds to wait before retrying after an HTTP error status, or None to give up."""
        if not self.may_retry_status(status, attempt):
            return None
        hints = _body_hints(body)
        if hints.get("retryable") is False:
            return None
        hinted = self.advised_wait(headers, body)
        if hinted is not None and self.hinted_retry_budget > 0 and status in self.hinted_statuses:
            wait = min(max(hinted, self.initial_backoff), self.max_hinted_wait)
            return wait if waited + wait <= self.hinted_retry_budget else None
        return self._within_budget(attempt, waited, hinted if hinted is not None else self.backoff(attempt))

    def advised_wait(self, headers: Mapping[str, str], body: bytes) -> Optional[float]:
        """The server's advice in seconds: the Retry-After header, else the body's ``retry_after_seconds``."""
        wait = self._retry_after(headers)
        return wait if wait is not None else _seconds(_body_hints(body).get("retry_after_seconds"))

    def _retry_after(self, headers: Mapping[str, str]) -> Optional[float]:
        value = headers.get("Retry-After") or headers.get("retry-after")
        if not value:
            return None
        seconds = _seconds(value)
        if seconds is not None:
            return seconds
        moment = _http_date(value)
        if moment is None:
            return None
        if moment.tzinfo is None:  # "-0000" parses as naive; HTTP dates are always UTC, never local time
            moment = moment.replace(tzinfo=timezone.utc)
        return max(0.0, moment.timestamp() - self.wall_clock())


def _http_date(value: str) -> Optional[datetime]:
    """The moment a Retry-After date names: the standard library reads the three HTTP-date forms of RFC 9110;
    another form some servers send (ISO 8601, ``2026-12-01T10:00:05Z``) is read by `dates.parse_datetime`
    (python-dateutil, imported only then)."""
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return dates.parse_datetime(value)


def _seconds(value: Any) -> Optional[float]:
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except OverflowError:  # an integer too large for a float (a 400-digit hint): longer than any budget
        return float("inf")
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 and seconds == seconds else None  # rejects negatives and NaN


def _body_hints(body: bytes) -> Mapping[str, Any]:
    """`retryable` and `retry_after_seconds` from a JSON error body: top level, under "error", under
    "error.details" (the API's own place for them) or "detail.error.details" (an older shape)."""
    if not body or body.lstrip()[:1] != b"{":
        return {}
    try:
        parsed = jsontext.loads(body)
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    hints: dict[str, Any] = {}
    for place in _hint_places(parsed):
        for key in ("retryable", "retry_after_seconds"):
            if key in place and key not in hints:
                hints[key] = place[key]
    return hints


def _hint_places(parsed: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The objects of an error body that may carry retry hints, most specific last."""
    places: list[Mapping[str, Any]] = [parsed]
    for outer in (parsed, parsed.get("detail")):
        error = outer.get("error") if isinstance(outer, dict) else None
        if isinstance(error, dict):
            places.append(error)
            if isinstance(error.get("details"), dict):
                places.append(error["details"])
    return places
