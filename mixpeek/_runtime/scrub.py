"""Keeping the API key out of what a failed call leaves behind: exception chains and rendered locals.

An error's message and body are redacted where the error is made (`mixpeek.exceptions.redact`); two more
places can still hold the key:

- the chained causes: a `json.JSONDecodeError` keeps the whole text it failed on (`.doc`), a
  `UnicodeDecodeError` the whole bytes (`.object`); a server echoing the key puts it there. `scrub_chain`
  redacts them in place, along the whole `__cause__` / `__context__` chain.
- tracebacks rendered with their frames' locals (pytest `--showlocals`, Sentry, rich): a call's headers and
  credentials are locals of the SDK's frames. `MaskedHeaders` and `Secrets` hold them with a `repr` that
  shows no credential. urllib3 and http.client copy the headers into their own locals (and into the bytes
  they send), so a transport exception kept as a cause loses its frames (`drop_frames`): its type and
  message say what failed.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional, Sequence

from mixpeek.exceptions import REDACTED, redact

#: Header names whose values are never pickled or shown.
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})


class MaskedHeaders(Dict[str, str]):
    """A request's headers (a plain dict for every other purpose) whose `repr` hides credentials."""

    def __repr__(self) -> str:
        shown = {
            name: REDACTED if name.lower() in SENSITIVE_HEADERS else value for name, value in self.items()
        }
        return repr(shown)

    __str__ = __repr__


class Secrets(tuple):  # type: ignore[type-arg]
    """The credentials a call sent (redacted from whatever its errors show); its `repr` shows none."""

    def __repr__(self) -> str:
        return f"Secrets({len(self)} hidden)"

    __str__ = __repr__


def drop_frames(exc: BaseException) -> None:
    """Forget the traceback of `exc` and of the exceptions chained to it (their frames hold the headers)."""
    seen = set()
    cause: Optional[BaseException] = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        cause.__traceback__ = None
        cause = cause.__cause__ or cause.__context__


def scrub_chain(error: BaseException, secrets: Sequence[Optional[str]]) -> None:
    """Redact `secrets` from the text kept by the exceptions chained to `error` (in place)."""
    seen = {id(error)}
    cause: Optional[BaseException] = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        _scrub_one(cause, secrets)
        cause = cause.__cause__ or cause.__context__


def _scrub_one(exc: BaseException, secrets: Sequence[Optional[str]]) -> None:
    if isinstance(exc, json.JSONDecodeError) and isinstance(exc.doc, str):
        exc.doc = redact(exc.doc, secrets)
    elif isinstance(exc, UnicodeDecodeError):
        exc.object = _redacted(exc.object, secrets)
    args: Any = exc.args
    if args:
        exc.args = tuple(_redacted(arg, secrets) for arg in args)


def _redacted(value: Any, secrets: Sequence[Optional[str]]) -> Any:
    """`value` without the secrets if it is text or bytes that contain one; otherwise `value` itself."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("utf-8", "replace")
        cleaned = redact(text, secrets)
        return cleaned.encode("utf-8") if cleaned != text else value
    return value
