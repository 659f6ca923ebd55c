"""Renders ``mixpeek/models/<module>.py`` for every model module, the alias modules at the published
module paths, and the fallback helper module."""

from __future__ import annotations

from generator.ir import ModelClass, ModelModule, Package, UnionAlias
from generator.models import FALLBACK_MODULE, UNION_BASE
from generator.render.common import header, render_template

MODELS_DIR = "mixpeek/models"


def post_init_doc(cls: ModelClass) -> str:
    """The docstring of a class's ``model_post_init``: what it does for this class; empty when it has none."""
    parts = []
    if cls.constants:
        parts.append(
            "count constants as set, so requests always send them (a union's tag must reach the server)"
        )
    if cls.fallbacks:
        parts.append("fill deprecated fields the server left out from the fields that replaced them")
    text = ", and ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def union_doc(alias: UnionAlias) -> str:
    """The docstring of a union class: the schema's description, then what the class is for."""
    usage = (
        f"Fields typed `{alias.name}` hold the member itself; `{alias.name}(actual_instance=v)`, `from_json` "
        "and `from_dict` give the published package's wrapper around one member."
    )
    return f"{alias.doc}\n\n{usage}" if alias.doc else usage


def needs_postponed_annotations(module: ModelModule) -> bool:
    """Whether a field of the module names a model of the same module not defined above it (a reference
    cycle, a class referring to itself, a union alias, since aliases come after the classes).

    Only such a module starts with ``from __future__ import annotations``; the others have their annotations
    evaluated by Python when the class is made, which spares pydantic parsing and evaluating every
    annotation string at import (measured: 8% less CPU to import the 66 modules behind CollectionResponse).
    """
    defined = {enum.name for enum in module.enums}
    for cls in module.classes:
        for field in cls.fields:
            if field.type.models & set(module.members) - defined:
                return True
        defined.add(cls.name)
    return False


def render(package: Package) -> dict[str, str]:
    files = {
        f"{MODELS_DIR}/{module.module}.py": render_template(
            "models/module.py.j2",
            header=header(package),
            module=module,
            postponed_annotations=needs_postponed_annotations(module),
            post_init_docs={cls.name: post_init_doc(cls) for cls in module.classes},
            union_base=UNION_BASE,
            union_docs={alias.name: union_doc(alias) for alias in module.aliases if alias.wrapper},
        )
        for module in package.model_modules
    }
    for alias in package.module_aliases:
        files[f"{MODELS_DIR}/{alias.module}.py"] = render_template(
            "models/alias_module.py.j2",
            header=header(package),
            alias=alias,
            names_text=", ".join(f"`{name}`" for name in alias.names),
        )
    if any(module.uses_fallback for module in package.model_modules):
        files[f"{MODELS_DIR}/{FALLBACK_MODULE}.py"] = render_template(
            "models/fallback.py.j2", header=header(package)
        )
    return files
