"""What of a credential may be shown: `mask` for a key, `shown_url` for a URL, and `Secret`, which holds an
API key so that no repr, str, log line or pickle of a holder can show it."""

from __future__ import annotations

import re
from typing import Any, NoReturn, Optional

#: The user information of a URL (``scheme://user:password@``): never shown, whatever it holds.
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")


def mask(value: Optional[str]) -> Optional[str]:
    """A display form of a secret that reveals nothing but its prefix ("sk_****")."""
    if value is None:
        return None
    prefix, sep, _ = value.partition("_")
    return f"{prefix}{sep}****" if sep and len(prefix) <= 4 else "****"


def shown_url(url: str) -> str:
    """``url`` as a message or repr may show it: a user name and password in it (``https://user:pw@host``)
    become ``****``. They are credentials (of a proxy, a gateway), and messages end up in logs."""
    return _USERINFO.sub(r"\1****@", url)


class Secret:
    """A string that is only revealed by an explicit `reveal()` call."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({mask(self._value)!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled; the API key is never written out")

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    def __copy__(self) -> Secret:
        return self
