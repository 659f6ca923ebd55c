"""The golden cases of the generator: small specs with their expected output checked in.

Each folder of ``test/generator/golden/`` holds ``openapi.json``, ``config.yaml`` and ``expected/`` (the
files ``python -m generator`` writes, at their project paths). Refresh the expected output after an intended
change::

    .venv/bin/python -m test.generator.goldens

then review the diff of ``test/generator/golden/*/expected`` before committing it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.pipeline import generate_files

GOLDEN_ROOT = Path(__file__).parent / "golden"


@dataclass(frozen=True)
class GoldenCase:
    """One golden folder."""

    name: str
    folder: Path

    @property
    def spec(self) -> Path:
        return self.folder / "openapi.json"

    @property
    def config(self) -> Path:
        return self.folder / "config.yaml"

    @property
    def expected(self) -> Path:
        return self.folder / "expected"

    def generate(self) -> dict[str, str]:
        return generate_files(self.spec, self.config)

    def expected_files(self) -> dict[str, str]:
        return {
            path.relative_to(self.expected).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(self.expected.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        }


def golden_cases() -> Iterator[GoldenCase]:
    for folder in sorted(GOLDEN_ROOT.iterdir()):
        if (folder / "openapi.json").is_file():
            yield GoldenCase(name=folder.name, folder=folder)


def refresh(case: GoldenCase) -> None:
    """Replace the expected output of ``case`` with what the generator produces now."""
    shutil.rmtree(case.expected, ignore_errors=True)
    for path, text in case.generate().items():
        target = case.expected / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main() -> int:
    for case in golden_cases():
        refresh(case)
        print(f"refreshed {case.expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
