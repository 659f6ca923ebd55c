"""Renders ``mixpeek/models/<module>.py`` for every model module, plus the fallback helper module."""

from __future__ import annotations

from generator.ir import ModelClass, Package
from generator.models import FALLBACK_MODULE
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


def render(package: Package) -> dict[str, str]:
    files = {
        f"{MODELS_DIR}/{module.module}.py": render_template(
            "models/module.py.j2",
            header=header(package),
            module=module,
            post_init_docs={cls.name: post_init_doc(cls) for cls in module.classes},
        )
        for module in package.model_modules
    }
    if any(module.uses_fallback for module in package.model_modules):
        files[f"{MODELS_DIR}/{FALLBACK_MODULE}.py"] = render_template(
            "models/fallback.py.j2", header=header(package)
        )
    return files
