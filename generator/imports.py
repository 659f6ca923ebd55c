"""Import lists of generated modules, in the order isort (ruff's ``I`` rules) wants them."""

from __future__ import annotations

from collections.abc import Mapping

from generator.ir import Import


def _is_stdlib(module: str) -> bool:
    return module.split(".")[0] in {"datetime", "enum", "typing", "__future__"}


def sort_imports(needed: Mapping[str, set[str]]) -> tuple[Import, ...]:
    """Imports in isort order: standard library, then third party, then ``mixpeek``; each alphabetical."""

    def group(module: str) -> int:
        if _is_stdlib(module):
            return 0
        return 2 if module.split(".")[0] in ("mixpeek", "test") else 1

    ordered = sorted(needed, key=lambda module: (group(module), module))
    return tuple(Import(module=module, names=tuple(sorted(needed[module]))) for module in ordered)
