"""The whole generation as one function: spec + config -> formatted files (path -> text)."""

from __future__ import annotations

from pathlib import Path

from generator.config import load_config
from generator.output import ruff_format
from generator.parse import build_package
from generator.render import render_package
from generator.spec import load_spec


def generate_files(spec_path: Path, config_path: Path) -> dict[str, str]:
    """Parse, render and format: the complete generated output for ``spec_path``."""
    package = build_package(load_spec(spec_path), load_config(config_path), spec_path.name)
    return ruff_format(render_package(package))
