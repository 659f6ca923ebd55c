"""The API's operations (method, path, name), so the ones the local server does not emulate answer 501.

They are read from the generated API classes' operation descriptors, the same declarations the SDK calls
with: when the spec changes and the SDK is regenerated, the local server knows the new operations too.
"""

from __future__ import annotations

import importlib
import pkgutil

from mixpeek._runtime.operation import Operation
from mixpeek.local.routing import SpecOperation


def spec_operations() -> list[SpecOperation]:
    """Every operation of the generated layer once (an operation shared by two API classes counts once)."""
    import mixpeek.api

    names: dict[tuple[str, str], str] = {}
    for module_info in pkgutil.iter_modules(mixpeek.api.__path__):
        module = importlib.import_module(f"mixpeek.api.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation):
                names.setdefault((value.method, value.path), value.name)
    return [SpecOperation(method, path, name) for (method, path), name in sorted(names.items())]
