"""Lazy module exports: `import mixpeek` stays fast although the package exports over a thousand names.

The generated `mixpeek/__init__.py` and `mixpeek/models/__init__.py` call `install_lazy_exports` with a table
from exported name to the module that defines it; a name's module is imported on first access only and the
value is then cached in the package's globals, so later lookups are plain attribute reads.

A name that is not in the table but is a submodule of the package (`mixpeek.models`, `mixpeek.rest`,
`mixpeek.models.collection_response`) is imported on first access too, so code that reaches modules as
attributes after a bare `import mixpeek` works as it did with the published package.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from typing import Any, Callable, Dict, List


def install_lazy_exports(module_name: str, module_globals: Dict[str, Any], table: Mapping[str, str]) -> None:
    """Give the module `module_name` a `__getattr__` and `__dir__` that resolve names from `table` lazily.

    `table` maps an exported name to a module path ("mixpeek.models.collection_response", or relative to
    `module_name` as ".collection_response"); "module:attribute" exports a differently named attribute
    (e.g. "mixpeek.exceptions:OpenApiException" for an alias).
    """
    package = module_name

    def __getattr__(name: str) -> Any:
        target = table.get(name)
        if target is None:
            return _submodule(module_name, module_globals, name)
        module_path, _, attribute = target.partition(":")
        module = importlib.import_module(module_path, package if module_path.startswith(".") else None)
        value = getattr(module, attribute or name)
        module_globals[name] = value
        return value

    def __dir__() -> List[str]:
        return sorted(set(module_globals) | set(table))

    getter: Callable[[str], Any] = __getattr__
    module_globals["__getattr__"] = getter
    module_globals["__dir__"] = __dir__


def _submodule(package: str, package_globals: Dict[str, Any], name: str) -> Any:
    """The submodule `name` of `package`, imported now; `AttributeError` when there is no such module."""
    missing = AttributeError(f"module {package!r} has no attribute {name!r}")
    if not name.isidentifier() or name.startswith("__"):
        raise missing
    full_name = f"{package}.{name}"
    if importlib.util.find_spec(full_name) is None:
        raise missing
    module = importlib.import_module(full_name)
    package_globals[name] = module
    return module
