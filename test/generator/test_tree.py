"""The generated layer in the tree is exactly what ``python -m generator`` writes from openapi.json."""

from __future__ import annotations

from pathlib import Path

from generator.output import compare
from generator.pipeline import generate_files

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_committed_generated_files_are_up_to_date() -> None:
    files = generate_files(PROJECT_ROOT / "openapi.json", PROJECT_ROOT / "openapi-generator-config.yaml")
    difference = compare(PROJECT_ROOT, files)
    assert difference.is_empty(), "run `python -m generator`:\n" + difference.report()
