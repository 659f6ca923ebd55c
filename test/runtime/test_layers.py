"""The package's layers import downwards only (ARCHITECTURE.md, "Layers").

The import statements of each module are read from its syntax tree, wherever they are: at the top, inside
functions, and in ``if TYPE_CHECKING:`` blocks, which count like any other import (a type-only import of a
higher layer still ties the floor's types to the code built on it). ``importlib.import_module`` called with
a literal module name counts as an import too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mixpeek"

#: The floor: the runtime internals and the exception tree, which imports only the runtime.
FLOOR = ("mixpeek._runtime", "mixpeek.exceptions")

#: Late bindings by name the floor is allowed, each with its reason: descriptors declare types as strings
#: ("List[CollectionResponse]"), which `_runtime/types.py` resolves in the generated models package when
#: a call first needs them. It is a lookup at call time, not a dependency of the floor's code.
LATE_BINDINGS = {("mixpeek/_runtime/types.py", "mixpeek.models")}

#: What the generated layer (mixpeek.api, mixpeek.models) must never import: the layers built on top of it.
ABOVE_GENERATED = (
    "mixpeek.client",
    "mixpeek._client",
    "mixpeek.extensions",
    "mixpeek.integrations",
    "mixpeek.local",
)


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at ``path`` under the folder ``root`` that holds the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = PACKAGE.parent) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``, relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                # ``from mixpeek import models`` imports the module mixpeek.models; ``from x import name``, x
                yield node.lineno, f"{base}.{alias.name}" if base == "mixpeek" else base
        elif isinstance(node, ast.Call) and _is_import_module(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value


def _is_import_module(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id in ("import_module", "__import__")
    )


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def upward_imports_of_the_floor() -> list[str]:
    found = []
    floor_files = sorted((PACKAGE / "_runtime").rglob("*.py")) + [PACKAGE / "exceptions.py"]
    for path in floor_files:
        where = path.relative_to(PACKAGE.parent).as_posix()
        for line, name in imported_modules(path):
            is_mixpeek = name == "mixpeek" or name.startswith("mixpeek.")
            if is_mixpeek and not within(name, FLOOR) and (where, name) not in LATE_BINDINGS:
                found.append(f"{where}:{line} imports {name}")
    return found


def test_nothing_in_the_runtime_floor_imports_a_module_above_it() -> None:
    assert upward_imports_of_the_floor() == []


def test_the_generated_layer_imports_nothing_built_on_top_of_it() -> None:
    found = []
    for folder in ("api", "models"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for line, name in imported_modules(path):
                if within(name, ABOVE_GENERATED):
                    found.append(f"{path.relative_to(PACKAGE.parent).as_posix()}:{line} imports {name}")
    assert found == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from mixpeek.api_client import ApiClient", "mixpeek.api_client"),
        ("def f():\n    from mixpeek.client import Mixpeek", "mixpeek.client"),
        ("if TYPE_CHECKING:\n    import mixpeek.models.x", "mixpeek.models.x"),
        ("from .. import api_client", "mixpeek.api_client"),
        ("from mixpeek import models", "mixpeek.models"),
        ("importlib.import_module('mixpeek.extensions.documents')", "mixpeek.extensions.documents"),
    ],
)
def test_the_walk_sees_every_form_of_import(tmp_path: Path, source: str, expected: str) -> None:
    runtime = tmp_path / "mixpeek" / "_runtime"
    runtime.mkdir(parents=True)
    module = runtime / "probe.py"
    module.write_text(source + "\n", encoding="utf-8")
    assert expected in [name for _, name in imported_modules(module, tmp_path)]
