"""Import lists of generated modules, in the order isort (ruff's ``I`` rules) wants them."""

from __future__ import annotations

from collections.abc import Mapping

from generator.ir import Import

_STDLIB = frozenset({"collections", "datetime", "enum", "importlib", "json", "subprocess", "sys", "typing"})


def import_group(module: str) -> int:
    """isort's section of ``module``: ``__future__`` -1, standard library 0, third party 1, ``mixpeek`` and
    ``test`` (first party) 2."""
    root = module.split(".")[0]
    if root == "__future__":
        return -1
    if root in _STDLIB:
        return 0
    return 2 if root in ("mixpeek", "test") else 1


def sort_imports(needed: Mapping[str, set[str]]) -> tuple[Import, ...]:
    """Imports in isort order: standard library, then third party, then ``mixpeek``; each alphabetical."""
    ordered = sorted(needed, key=lambda module: (import_group(module), module))
    return tuple(Import(module=module, names=tuple(sorted(needed[module]))) for module in ordered)
