"""The credentials of a `Configuration`: one mapping owns the API key and the namespace.

The published package (OpenAPI Generator) configures authentication through two dicts keyed by security
scheme: `api_key` ({"BearerAuth": key, "NamespaceHeader": namespace}) and `api_key_prefix`. This SDK also
takes the key as a plain string (`Configuration(api_key="sk_...")`, `MIXPEEK_API_KEY`, `access_token`).
`ApiKeys` is the one store behind all of these forms: `Configuration.api_key` is this mapping,
`access_token` and `namespace` read and write its `BearerAuth` / `NamespaceHeader` entries, and the headers a
call sends (`Authorization`, `X-Namespace`) come from `header_values`, the same function behind the published
`auth_settings()` and `get_api_key_with_prefix()`.

Every value is held in a `Secret` except the namespace (not a credential): the mapping's repr masks the key,
and a pickled mapping keeps only the namespace. Unlike the published package, a key set as
`api_key["BearerAuth"]` is sent (the published package only sent `access_token`), because that is what the
code that sets it means.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, Dict, Optional, Tuple, Union

from mixpeek._runtime.secret import Secret, mask

BEARER = "BearerAuth"
NAMESPACE = "NamespaceHeader"
#: Other spellings of the scheme names found in code written for older packages.
_SPELLINGS = {"bearerAuth": BEARER, "namespaceHeader": NAMESPACE}
#: (header, auth_settings "type") of each scheme the API declares.
_SCHEMES = {BEARER: ("Authorization", "bearer"), NAMESPACE: ("X-Namespace", "api_key")}


def scheme_name(name: str) -> str:
    """The canonical scheme name ("bearerAuth" -> "BearerAuth")."""
    return _SPELLINGS.get(name, name)


class ApiKeys(MutableMapping[str, str]):
    """Scheme name -> credential value; compares equal to a string that is its API key (our older form).

    Setting None or "" removes the entry. `str`/`repr` mask every value but the namespace.
    """

    __slots__ = ("_values",)
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, values: Optional[Mapping[str, Optional[str]]] = None) -> None:
        self._values: Dict[str, Union[str, Secret]] = {}
        if values:
            self.update(values)  # type: ignore[arg-type]

    def __getitem__(self, name: str) -> str:
        value = self._values[scheme_name(name)]
        return value.reveal() if isinstance(value, Secret) else value

    def __setitem__(self, name: str, value: Optional[str]) -> None:
        name = scheme_name(name)
        if value is None or value == "":
            self._values.pop(name, None)
        elif name == NAMESPACE:
            self._values[name] = str(value)
        else:
            self._values[name] = Secret(str(value))

    def __delitem__(self, name: str) -> None:
        del self._values[scheme_name(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and scheme_name(name) in self._values

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.get(BEARER) == other
        return super().__eq__(other)

    def __repr__(self) -> str:
        shown = {name: value if name == NAMESPACE else mask(self[name]) for name, value in self.items()}
        return repr(shown)

    __str__ = __repr__

    def replace(self, values: Union[None, str, Mapping[str, Optional[str]]]) -> None:
        """Assign the whole mapping: a string is the API key alone; None clears the key, not the namespace."""
        if values is None or isinstance(values, str):
            self[BEARER] = values
            return
        self._values.clear()
        self.update(values)  # type: ignore[arg-type]

    def public_copy(self) -> ApiKeys:
        """A copy holding only what may be written out (the namespace)."""
        return ApiKeys({NAMESPACE: self.get(NAMESPACE)})

    def __reduce__(self) -> Tuple[Any, ...]:
        """Pickled: the namespace only; keys are never written out."""
        return (ApiKeys, (dict(self.public_copy()),))

    def __deepcopy__(self, memo: Dict[int, Any]) -> ApiKeys:
        clone = ApiKeys()
        clone._values = dict(self._values)  # secrets are immutable: shared
        return clone

    def __copy__(self) -> ApiKeys:
        return self.__deepcopy__({})


def with_prefix(keys: Mapping[str, str], prefixes: Mapping[str, str], name: str) -> Optional[str]:
    """`keys[name]`, preceded by `prefixes[name]` and a space when a prefix is set; None when unset."""
    value = keys.get(name)
    if not value:
        return None
    prefix = prefixes.get(name)
    return f"{prefix} {value}" if prefix else value


def bearer_value(keys: Mapping[str, str], prefixes: Mapping[str, str]) -> Optional[str]:
    """The `Authorization` value: "<prefix> <key>", or "Bearer <key>" when no prefix is configured.

    A key that already holds a scheme ("Bearer sk_...") is sent as it is.
    """
    value = keys.get(BEARER)
    if not value:
        return None
    prefix = prefixes.get(BEARER)
    if prefix:
        return f"{prefix} {value}"
    return value if " " in value.strip() else f"Bearer {value.strip()}"


def header_values(
    keys: Mapping[str, str], prefixes: Mapping[str, str]
) -> Tuple[Optional[str], Optional[str]]:
    """(Authorization value, X-Namespace value) the configuration sends; None where unset."""
    return bearer_value(keys, prefixes), with_prefix(keys, prefixes, NAMESPACE)


def auth_settings(keys: Mapping[str, str], prefixes: Mapping[str, str]) -> Dict[str, Dict[str, str]]:
    """The published `Configuration.auth_settings()` shape, for the schemes that have a value."""
    settings: Dict[str, Dict[str, str]] = {}
    for name, value in zip((BEARER, NAMESPACE), header_values(keys, prefixes)):
        if value is not None:
            header, kind = _SCHEMES[name]
            settings[name] = {"type": kind, "in": "header", "key": header, "value": value}
    return settings


__all__ = [
    "BEARER",
    "NAMESPACE",
    "ApiKeys",
    "auth_settings",
    "bearer_value",
    "header_values",
    "scheme_name",
    "with_prefix",
]
