"""Formatting generated files with ruff and writing (or comparing) them against the tree.

The generator owns whole output folders (:data:`OWNED_DIRS`): a file there that the generator did not
produce is reported (``--check``) or deleted (write), so renamed schemas leave nothing behind.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError

OWNED_DIRS = ("mixpeek/api", "mixpeek/models", "test/generated", "docs/api", "docs/models")
_STYLE = ("--isolated", "--quiet", "--line-length", "110", "--target-version", "py39")
#: Import sections must not depend on the directory the generator runs from.
_SECTIONS = ("--config", "lint.isort.known-first-party = ['mixpeek', 'test']")
#: Import sorting (isort rules, first-party = the generated tree's top-level folders) and then formatting.
RUFF_RUNS = (("check", "--fix-only", "--select", "I", *_STYLE, *_SECTIONS), ("format", *_STYLE))


def ruff_format(files: Mapping[str, str]) -> dict[str, str]:
    """The files with sorted imports and formatted (project style), by ruff over a temporary directory."""
    python_files = {path: text for path, text in files.items() if path.endswith(".py")}
    with tempfile.TemporaryDirectory(prefix="mixpeek-gen-") as tmp:
        root = Path(tmp)
        for path, text in python_files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for run in RUFF_RUNS:
            result = subprocess.run(
                [sys.executable, "-m", "ruff", *run, "."],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise GeneratorError(
                    f"ruff {run[0]} failed on generated code:\n{result.stderr or result.stdout}"
                )
        formatted = {path: (root / path).read_text(encoding="utf-8") for path in python_files}
    return {path: formatted.get(path, text) for path, text in files.items()}


def existing_files(root: Path, owned_dirs: Iterable[str] = OWNED_DIRS) -> set[str]:
    """Every file currently in the owned directories (relative paths), caches excluded."""
    found: set[str] = set()
    for directory in owned_dirs:
        base = root / directory
        if base.is_dir():
            for path in base.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    found.add(path.relative_to(root).as_posix())
    return found


@dataclass(frozen=True)
class Difference:
    """How the tree differs from what the generator produces."""

    changed: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    def is_empty(self) -> bool:
        return not (self.changed or self.missing or self.extra)

    def report(self) -> str:
        lines = [f"differs: {p}" for p in self.changed]
        lines += [f"missing: {p}" for p in self.missing]
        lines += [f"extra:   {p}" for p in self.extra]
        return "\n".join(lines)


def compare(root: Path, files: Mapping[str, str], owned_dirs: Iterable[str] = OWNED_DIRS) -> Difference:
    """Compare the generated ``files`` with the tree under ``root`` without writing anything."""
    changed, missing = [], []
    for path, text in sorted(files.items()):
        target = root / path
        if not target.is_file():
            missing.append(path)
        elif target.read_text(encoding="utf-8") != text:
            changed.append(path)
    extra = sorted(existing_files(root, owned_dirs) - set(files))
    return Difference(changed=tuple(changed), missing=tuple(missing), extra=tuple(extra))


def write(root: Path, files: Mapping[str, str], owned_dirs: Iterable[str] = OWNED_DIRS) -> Difference:
    """Write the files that differ, delete stale files in the owned directories; returns what changed."""
    owned = tuple(owned_dirs)
    difference = compare(root, files, owned)
    for path in difference.changed + difference.missing:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[path], encoding="utf-8")
    for path in difference.extra:
        (root / path).unlink()
    for directory in owned:
        base = root / directory
        if base.is_dir():
            for cache in base.rglob("__pycache__"):
                shutil.rmtree(cache, ignore_errors=True)
    return difference
