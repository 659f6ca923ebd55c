"""Reading date-times that are not ISO 8601, with python-dateutil, imported only when such a value is met.

pydantic reads ISO 8601 (and ``2026-12-01 10:00``) in the strict pass of every response. Servers and proxies
also write other forms: the HTTP date of RFC 9110 (``Tue, 01 Dec 2026 10:00:00 GMT``), ``2026/12/01 10:00``,
``December 1, 2026 10:00 AM``. The lenient decoder (`lenient.build`) asks `parse_moment` for a field declared
as a datetime or date whose text pydantic refused, so the field holds a datetime instead of the raw string;
the retry policy asks `parse_datetime` for a ``Retry-After`` date the standard library cannot read.

dateutil is imported inside `parse_datetime`, so ``import mixpeek`` and a call whose dates are ISO never
load it. Its guesses are bounded: a text must name a four-digit year (``"5"`` is not "the 5th of this
month"), a time zone must be an offset or UTC/GMT (an unknown zone name is refused rather than dropped),
and anything dateutil cannot read stays what it was.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Optional

#: A text dateutil is asked about: a four-digit year somewhere, and no longer than a date-time can be.
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_MAX_LENGTH = 64
_UTC_NAMES = frozenset({"UTC", "GMT", "UT", "Z"})
#: What the fields a text leaves out are taken from (never "today": a date-time must not depend on when it
#: was read).
_DEFAULT = datetime.datetime(2000, 1, 1)


class _UnknownZone(ValueError):
    """A time zone name dateutil would drop without a word (``EST`` is ambiguous, ``XYZ`` unknown)."""


def _zone(name: Optional[str], offset: Optional[int]) -> Optional[datetime.tzinfo]:
    """The tzinfo dateutil should attach: the offset it read, UTC for UTC's names, none when no zone."""
    if offset is not None:
        return datetime.timezone(datetime.timedelta(seconds=offset))
    if name is None:
        return None
    if name.upper() in _UTC_NAMES:
        return datetime.timezone.utc
    raise _UnknownZone(name)


def parse_datetime(text: str) -> Optional[datetime.datetime]:
    """The date-time a non-ISO text names, or None when it names none that can be read without guessing."""
    text = text.strip()
    if len(text) > _MAX_LENGTH or not _YEAR.search(text):
        return None
    from dateutil import parser  # here, not at import time: only a non-ISO value pays for it

    try:
        moment = parser.parse(text, default=_DEFAULT, tzinfos=_zone)
    except (ValueError, OverflowError):  # ParserError and _UnknownZone are ValueErrors
        return None
    return moment if isinstance(moment, datetime.datetime) else None


def parse_moment(declared: Any, value: Any) -> Any:
    """``value`` as the declared `datetime`/`date` when it is a non-ISO text naming one, else None."""
    if not isinstance(value, str) or declared not in (datetime.datetime, datetime.date):
        return None
    moment = parse_datetime(value)
    if moment is None:
        return None
    return moment if declared is datetime.datetime else moment.date()
