"""Renders ``mixpeek/client/_fields.pyi``: the keyword TypedDicts of the high-level client's methods (for type
checkers only; the client imports them under ``TYPE_CHECKING``). Laid out here, one line per key, since the
formatter only formats ``.py`` files."""

from __future__ import annotations

from generator.client_fields import CLIENT_FIELDS_STUB
from generator.ir import Package
from generator.render.common import header, import_block, render_template


def render(package: Package) -> dict[str, str]:
    if package.client_fields is None:
        return {}
    context = {
        "header": header(package),
        "fields": package.client_fields,
        "imports": import_block(package.client_fields.imports),
    }
    return {CLIENT_FIELDS_STUB: render_template("client_fields/fields.pyi.j2", **context)}
