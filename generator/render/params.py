"""Renders ``mixpeek/params.pyi`` (the request dicts, for type checkers) and ``mixpeek/params.py`` (the same
names at run time, each ``dict``).

The stub is not passed through the formatter (it only formats ``.py``): its layout is made here, one line
per key.
"""

from __future__ import annotations

from generator.ir import Package
from generator.params import PARAMS_MODULE, PARAMS_STUB
from generator.render.common import LINE_LENGTH, header, import_block, render_template


def wrap_imports(block: str) -> str:
    """Import lines longer than the line length in the parenthesized form isort writes (the stub is not
    passed through the formatter)."""
    lines = []
    for line in block.splitlines():
        if len(line) > LINE_LENGTH and line.startswith("from "):
            head, names = line.split(" import ", 1)
            body = "".join(f"    {name},\n" for name in names.split(", "))
            line = f"{head} import (\n{body})"
        lines.append(line)
    return "\n".join(lines)


def render(package: Package) -> dict[str, str]:
    if package.params is None:
        return {}
    context = {
        "header": header(package),
        "params": package.params,
        "imports": wrap_imports(import_block(package.params.imports)),
    }
    return {
        PARAMS_MODULE: render_template("params/params.py.j2", **context),
        PARAMS_STUB: render_template("params/params.pyi.j2", **context),
    }
