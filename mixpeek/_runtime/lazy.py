"""Lazy module exports: `import mixpeek` stays fast although the package exports over a thousand names.

The generated `mixpeek/__init__.py`, `mixpeek/api/__init__.py` and `mixpeek/models/__init__.py` call
`install_lazy_exports` with a table from exported name to the module that defines it; a name's module is
imported on first access only and the value is then cached in the package's globals, so later lookups are
plain attribute reads.

Each name is listed once, by the package that owns it: `mixpeek` lists its own names (the runtime's, the
client) and falls through to the tables of `mixpeek.api` and `mixpeek.models` (`fallbacks`), so
`mixpeek.CollectionsApi` is `mixpeek.api.CollectionsApi` and `mixpeek.CollectionResponse` is
`mixpeek.models.CollectionResponse`. The package's `__all__` and `dir()` cover the fallbacks' names too; they
are computed on first use, since listing them would import the fallback packages at `import mixpeek`.

A name that is not in the table but is a submodule of the package (`mixpeek.models`, `mixpeek.rest`,
`mixpeek.models.collection_response`) is imported on first access too, so code that reaches modules as
attributes after a bare `import mixpeek` works as it did with the published package.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Dict, List

#: Every installed table, by the module that owns it (how a package reads the tables it falls through to).
_TABLES: Dict[str, Mapping[str, str]] = {}
_MISSING = object()


def install_lazy_exports(
    module_name: str,
    module_globals: Dict[str, Any],
    table: Mapping[str, str],
    fallbacks: Sequence[str] = (),
) -> None:
    """Give the module `module_name` a `__getattr__` and `__dir__` that resolve names from `table` lazily.

    `table` maps an exported name to a module path ("mixpeek.models.collection_response", or relative to
    `module_name` as ".collection_response"); "module:attribute" exports a differently named attribute
    (e.g. "mixpeek.exceptions:OpenApiException" for an alias). A name that is neither in `table` nor a
    submodule is looked up in the tables of the `fallbacks` packages, in order (each imported then). When
    the module defines no `__all__`, its `__all__` is computed on first use: the table's names and the
    fallbacks' `__all__`.
    """
    _TABLES[module_name] = table

    def __getattr__(name: str) -> Any:
        target = table.get(name)
        if target is not None:
            value = _load(target, name, module_name)
        elif name == "__all__":
            value = sorted({*table, *(n for package in fallbacks for n in _import(package).__all__)})
        else:
            value = _submodule(module_name, name)
            if value is _MISSING and not name.startswith("_"):
                value = _from_fallbacks(fallbacks, name)
            if value is _MISSING:
                raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        module_globals[name] = value
        return value

    def __dir__() -> List[str]:
        fallback_names = (n for package in fallbacks for n in _TABLES.get(_import(package).__name__, {}))
        return sorted({*module_globals, *table, *fallback_names})

    getter: Callable[[str], Any] = __getattr__
    module_globals["__getattr__"] = getter
    module_globals["__dir__"] = __dir__


def _import(module_path: str, package: str = "") -> Any:
    return importlib.import_module(module_path, package if module_path.startswith(".") else None)


def _load(target: str, name: str, package: str) -> Any:
    """The exported value a table entry ("module" or "module:attribute") names."""
    module_path, _, attribute = target.partition(":")
    return getattr(_import(module_path, package), attribute or name)


def _from_fallbacks(fallbacks: Sequence[str], name: str) -> Any:
    """`name` from the first of the `fallbacks` packages whose table lists it (through the package, so its
    globals cache it too), else `_MISSING`."""
    for package_name in fallbacks:
        package = _import(package_name)
        if name in _TABLES.get(package.__name__, {}):
            return getattr(package, name)
    return _MISSING


def _submodule(package: str, name: str) -> Any:
    """The submodule `name` of `package`, imported now; `_MISSING` when there is no such module."""
    if not name.isidentifier() or name.startswith("__"):
        return _MISSING
    full_name = f"{package}.{name}"
    if importlib.util.find_spec(full_name) is None:
        return _MISSING
    return importlib.import_module(full_name)
