"""Renders the lazy export tables of ``mixpeek``, ``mixpeek.api`` and ``mixpeek.models``."""

from __future__ import annotations

from generator.ir import Package
from generator.render.common import header, render_template


def render(package: Package) -> dict[str, str]:
    extended = {export.name: export for export in package.api_extensions}
    top_apis = [extended.get(export.name, export) for export in package.api_exports]
    exports = [*top_apis, *package.model_exports, *package.extra_exports]
    top = render_template(
        "exports/package_init.py.j2",
        header=header(package),
        version=package.version,
        api_version=package.api_version,
        exports=exports,
        all_names=sorted(export.name for export in exports),
        package_name=package.package,
        submodules=package.submodules,
    )
    apis = render_template(
        "exports/sub_init.py.j2",
        header=header(package),
        doc="The generated API classes, one per tag of the spec; each module is imported on first access.",
        exports=package.api_exports,
    )
    models = render_template(
        "exports/sub_init.py.j2",
        header=header(package),
        doc="The generated models, enums and union aliases; each module is imported on first access.",
        exports=package.model_exports,
    )
    return {"mixpeek/__init__.py": top, "mixpeek/api/__init__.py": apis, "mixpeek/models/__init__.py": models}
