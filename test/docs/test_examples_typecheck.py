"""Every Python example of the documentation type-checks, under ``mypy --strict`` and under pyright.

Which blocks: every fenced block whose language is exactly ``python`` in README.md and in every Markdown
file under docs/ (the hand-written guides and the generated reference pages, docs/api and docs/models,
whose examples come from the generator's templates). The rule is the fence: a ``python`` block is a whole
program, checked on its own, as a reader would paste it into a file. Text that is not such a program (a
signature, a shell session, program output) takes another fence (``text``, ``sh``, ``pycon``), so no block
is skipped by name.

How: the blocks are written to files in a temporary folder and checked as a user's code that imports the
SDK: with the checkout on the checkers' import path, errors reported only for the example files (mypy's
``follow_imports = silent``, as for an installed package), no setting but ``--strict`` (mypy) and the
default mode (pyright). Both must report zero errors. pyright comes from scripts/pyright.sh (npm); without
npm this half is skipped, except under ``CI=true`` (.ci/run installs it), where it fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pytest

from test.support.mypy_run import run_mypy
from test.support.pyright import pyright_executable

ROOT = Path(__file__).resolve().parents[2]

#: A fenced block of the language ``python`` exactly (``python3``, ``pycon``, ``text`` ... are not).
PYTHON_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """One ``python`` block: where it is written, and its code."""

    source: Path
    line: int
    code: str

    @property
    def module(self) -> str:
        """A module name unique to the block (its page's path and the fence's line)."""
        page = re.sub(r"\W", "_", str(self.source.relative_to(ROOT).with_suffix("")))
        return f"{page}_L{self.line}"

    @property
    def where(self) -> str:
        return f"{self.source.relative_to(ROOT)}:{self.line}"


def documentation_pages() -> list[Path]:
    """README.md and every Markdown page under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def examples() -> list[Example]:
    """Every ``python`` block of the documentation, in page order."""
    found: list[Example] = []
    for page in documentation_pages():
        text = page.read_text(encoding="utf-8")
        for match in PYTHON_FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Example(page, line, match.group(1)))
    return found


@dataclass(frozen=True)
class Extracted:
    """The examples written as modules into ``folder``; ``files`` maps each file name to its example."""

    folder: Path
    files: dict[str, Example]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Extracted:
    folder = tmp_path_factory.mktemp("examples")
    written: dict[str, Example] = {}
    for example in examples():
        name = f"{example.module}.py"
        assert name not in written, f"two blocks map to {name}"
        (folder / name).write_text(example.code, encoding="utf-8")
        written[name] = example
    return Extracted(folder, written)


def report(errors: Sequence[tuple[str, int, str]], extracted: Extracted, checker: str) -> str:
    """The errors (file, 1-based line, message) as ``page:line: message`` lines, the line in the page."""
    lines = []
    for name, line, message in errors:
        example = extracted.files[name]
        lines.append(f"{example.source.relative_to(ROOT)}:{example.line + line}: {message}")
    return f"{len(errors)} {checker} error(s) in the documentation's examples:\n" + "\n".join(lines)


def test_every_page_has_its_examples_found() -> None:
    """The extraction sees the blocks (a broken pattern would make the checks below vacuous)."""
    found = examples()
    pages = {example.source.name for example in found}
    assert {"README.md", "high-level-client.md", "CollectionsApi.md"} <= pages
    assert len(found) > 700
    for example in found:
        compile(example.code, example.where, "exec")  # each block is whole, valid Python


def test_the_examples_pass_mypy_strict(extracted: Extracted) -> None:
    checked = run_mypy(sorted(extracted.files), extracted.folder)
    assert checked.returncode in (0, 1), checked.output
    assert not checked.errors, report(checked.errors, extracted, "mypy --strict")
    assert checked.returncode == 0, checked.output
    print(f"mypy --strict: {len(extracted.files)} examples, 0 errors")


def test_the_examples_pass_pyright(extracted: Extracted) -> None:
    executable = pyright_executable()
    folder = extracted.folder
    config = {"include": sorted(extracted.files), "extraPaths": [str(ROOT)], "pythonVersion": "3.9"}
    (folder / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    completed = subprocess.run(
        [str(executable), "-p", "pyrightconfig.json", "--pythonpath", sys.executable, "--outputjson"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    result = json.loads(completed.stdout)
    errors = [
        (Path(item["file"]).name, item["range"]["start"]["line"] + 1, item["message"].replace("\n", " "))
        for item in result["generalDiagnostics"]
        if item["severity"] == "error"
    ]
    assert result["summary"]["filesAnalyzed"] == len(extracted.files), result["summary"]
    assert not errors, report(errors, extracted, "pyright")
    print(f"pyright: {len(extracted.files)} examples, 0 errors")
