"""Phase two: render the IR into files. Each output kind has its own module and templates folder."""

from __future__ import annotations

from generator.ir import Package
from generator.render import apis, client_fields, docs, exports, models, params, records, tests


def render_package(package: Package) -> dict[str, str]:
    """Every generated file: path relative to the project root -> text (before formatting)."""
    files: dict[str, str] = {}
    for renderer in (
        models.render,
        apis.render,
        exports.render,
        tests.render,
        docs.render,
        records.render,
        params.render,
        client_fields.render,
    ):
        for path, text in renderer(package).items():
            if path in files:
                raise AssertionError(f"two renderers write {path}")
            files[path] = text
    return files
