"""Renders ``mixpeek/records.pyi`` (the typed record shapes, for type checkers) and ``mixpeek/records.py``
(the same names at run time, each the `Record` class).

The stub is not passed through the formatter (it only formats ``.py``): its layout is made here, one line
per field and overloads whose ``Literal`` keys are packed to the line length.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.ir import Package
from generator.records import RECORDS_MODULE, RECORDS_STUB
from generator.render.common import LINE_LENGTH, header, render_template

_INDENT = "    "


def overload(method: str, keys: Sequence[str], rest: str, result: str) -> str:
    """``def <method>(self, key: Literal[<keys>]<rest>) -> <result>: ...`` in a class body, on one line when
    it fits, else with the keys packed over indented lines."""
    one_line = f"{_INDENT}def {method}(self, key: Literal[{', '.join(keys)}]{rest}) -> {result}: ..."
    if len(one_line) <= LINE_LENGTH:
        return one_line
    pad = _INDENT * 2
    lines, current = [], pad
    for key in keys:
        token = key + ","
        if current != pad and len(current) + 1 + len(token) > LINE_LENGTH:
            lines.append(current)
            current = pad
        current += token if current == pad else " " + token
    lines.append(current)
    body = "\n".join(lines)
    return f"{_INDENT}def {method}(self, key: Literal[\n{body}\n{_INDENT}]{rest}) -> {result}: ..."


def render(package: Package) -> dict[str, str]:
    if package.records is None:
        return {}
    context = {"header": header(package), "records": package.records, "overload": overload}
    return {
        RECORDS_MODULE: render_template("records/records.py.j2", **context),
        RECORDS_STUB: render_template("records/records.pyi.j2", **context),
    }
