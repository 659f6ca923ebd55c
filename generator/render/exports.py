"""Renders the lazy export tables of ``mixpeek``, ``mixpeek.api`` and ``mixpeek.models``."""

from __future__ import annotations

from generator.ir import Package
from generator.models import MODELS_PACKAGE
from generator.parse import API_PACKAGE
from generator.render.common import header, render_template

#: The packages whose export tables ``mixpeek`` falls through to for names it does not list itself.
FALLBACKS = (API_PACKAGE, MODELS_PACKAGE)


def render(package: Package) -> dict[str, str]:
    """The three export tables; each name is listed by one of them: ``mixpeek/__init__.py`` lists only the
    package's own names (``extraExports``, and the hand-written subclasses of ``apiExtensions``, which
    shadow the plain generated class of the same name) and falls through to ``mixpeek.api`` and
    ``mixpeek.models``."""
    exports = [*package.api_extensions, *package.extra_exports]
    top = render_template(
        "exports/package_init.py.j2",
        header=header(package),
        version=package.version,
        api_version=package.api_version,
        exports=exports,
        shadowing=package.api_extensions,
        shadowed_fallback=API_PACKAGE if package.api_extensions else None,
        all_names=sorted(export.name for export in exports),
        package_name=package.package,
        submodules=package.submodules,
        fallbacks=FALLBACKS,
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
