"""Renders ``mixpeek/models/<module>.py`` for every model module, plus the fallback helper module."""

from __future__ import annotations

from generator.ir import Package
from generator.models import FALLBACK_MODULE
from generator.render.common import header, render_template

MODELS_DIR = "mixpeek/models"


def render(package: Package) -> dict[str, str]:
    files = {
        f"{MODELS_DIR}/{module.module}.py": render_template(
            "models/module.py.j2", header=header(package), module=module
        )
        for module in package.model_modules
    }
    if any(module.uses_fallback for module in package.model_modules):
        files[f"{MODELS_DIR}/{FALLBACK_MODULE}.py"] = render_template(
            "models/fallback.py.j2", header=header(package)
        )
    return files
