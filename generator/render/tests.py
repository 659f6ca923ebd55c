"""Renders ``test/generated/``: one test module per API class, and the model round-trip test."""

from __future__ import annotations

from generator.ir import Package


def render(package: Package) -> dict[str, str]:
    return {}
