"""Resolving the type expressions generated code declares ("List[CollectionResponse]", "Any", "None").

Expressions are evaluated once each (cached) in a namespace made of builtins, `typing` names and the
generated `mixpeek.models` package, looked up lazily: a model module is imported only when an expression
that names it is first resolved. `register_types` adds names (hand-written extensions, tests).
"""

from __future__ import annotations

import builtins
import datetime
import decimal
import importlib
import threading
import typing
import uuid
from collections.abc import Mapping
from typing import Any, Dict, Iterator

from typing_extensions import Annotated, Literal

_BASE_NAMES: Dict[str, Any] = {
    name: getattr(typing, name)
    for name in (
        "Any",
        "Dict",
        "List",
        "Optional",
        "Union",
        "Tuple",
        "Set",
        "FrozenSet",
        "Mapping",
        "Sequence",
    )
}
_BASE_NAMES.update(
    {
        "Annotated": Annotated,
        "Literal": Literal,
        "None": None,
        "date": datetime.date,
        "datetime": datetime.datetime,
        "Decimal": decimal.Decimal,
        "UUID": uuid.UUID,
        "StrictStr": str,
        "StrictInt": int,
        "StrictFloat": float,
        "StrictBool": bool,
        "StrictBytes": bytes,
        "object": object,
    }
)
for _name in ("str", "int", "float", "bool", "bytes", "bytearray", "dict", "list", "tuple", "set"):
    _BASE_NAMES[_name] = getattr(builtins, _name)

_registered: Dict[str, Any] = {}
_resolved: Dict[str, Any] = {}
_lock = threading.Lock()


def register_types(**types: Any) -> None:
    """Make names resolvable in type expressions (before `mixpeek.models` is consulted)."""
    with _lock:
        _registered.update(types)
        _resolved.clear()


class _LazyNames(Mapping[str, Any]):
    """The evaluation namespace: base names, registered names, then attributes of `mixpeek.models`."""

    def __getitem__(self, name: str) -> Any:
        if name in _BASE_NAMES:
            return _BASE_NAMES[name]
        if name in _registered:
            return _registered[name]
        if name == "Field":  # constraints of parameter types: Annotated[int, Field(ge=1)]
            from pydantic import Field

            return Field
        try:
            models = importlib.import_module("mixpeek.models")
        except ImportError as exc:
            raise KeyError(name) from exc
        try:
            return getattr(models, name)
        except AttributeError as exc:
            raise KeyError(name) from exc

    def __iter__(self) -> Iterator[str]:
        return iter(_BASE_NAMES)

    def __len__(self) -> int:
        return len(_BASE_NAMES)


_NAMES = _LazyNames()


class TypeResolutionError(NameError):
    """A type expression names something that neither typing, the registered names nor the models define."""


def resolve_type(expression: Any) -> Any:
    """The type an expression denotes; non-string values (type objects) are returned unchanged."""
    if not isinstance(expression, str):
        return expression
    found = _resolved.get(expression, _resolved)
    if found is not _resolved:
        return found
    try:
        value = eval(expression, {"__builtins__": {}}, _NAMES)  # noqa: S307 - generated expressions only
    except NameError as exc:
        raise TypeResolutionError(f"cannot resolve the type expression {expression!r}: {exc}") from exc
    _resolved[expression] = value
    return value
