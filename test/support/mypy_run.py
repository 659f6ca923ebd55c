"""One way to run ``mypy --strict`` for the type-checking tests, and its errors as data.

The tests check small files written the way a user of the SDK writes them, so mypy runs in the folder
holding them (a temporary one), with its cache there too, and finds the checkout in one of two ways:

- ``sdk="on_mypy_path"`` (the default): the settings of a user's project (`USER_SETTINGS`: strict, the
  checkout on ``mypy_path``, ``follow_imports = silent`` so the SDK's own modules are read but not reported
  on), written to ``mypy.ini`` in that folder;
- ``sdk="installed"``: ``--strict`` alone, with the checkout on ``PYTHONPATH``, as a package installed on
  the interpreter's path is found (errors in it are not reported, and its exports follow the library rules).
- ``sdk="in_folder"``: ``--strict`` alone, and nothing added: the folder holds its own (partial) copy of
  the package.

A folder that is a project of its own (a golden case's output, with its own ``mypy.ini``) passes
``config_file`` instead, and mypy reads that file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Literal, NamedTuple, Optional, Sequence, Set

ROOT = Path(__file__).resolve().parents[2]

#: The mypy settings of a user's project that imports the SDK from the checkout (`{root}`: the checkout).
USER_SETTINGS = "[mypy]\nstrict = True\nfollow_imports = silent\nmypy_path = {root}\n"

#: How long one run may take (the documentation's examples, some 700 files, take minutes on a busy machine).
TIMEOUT_SECONDS = 1800

_ERROR_LINE = re.compile(r"^(.+?):(\d+): error: (.*)$", re.MULTILINE)


class MypyError(NamedTuple):
    """One error mypy reported: the file as mypy names it (relative to the folder when inside it)."""

    file: str
    line: int
    message: str


class MypyRun(NamedTuple):
    """What one mypy run gave: its exit status, its whole output (for assertion messages) and its errors."""

    returncode: int
    output: str
    errors: List[MypyError]

    def files(self) -> Set[str]:
        """The files with at least one error."""
        return {error.file for error in self.errors}

    def lines(self, file: str) -> Set[int]:
        """The lines of `file` with at least one error."""
        return {error.line for error in self.errors if error.file == file}


def parse_errors(stdout: str) -> List[MypyError]:
    """The ``file:line: error: message`` lines of mypy's output, in order (notes are left out)."""
    return [MypyError(file, int(line), message) for file, line, message in _ERROR_LINE.findall(stdout)]


def run_mypy(
    files: Sequence[str],
    folder: Path,
    *,
    sdk: Literal["on_mypy_path", "installed", "in_folder"] = "on_mypy_path",
    config_file: Optional[str] = None,
) -> MypyRun:
    """Run ``mypy --strict`` on `files` (paths relative to `folder`, or absolute) in `folder`.

    `config_file` (relative to `folder`) replaces the settings that `sdk` chooses."""
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(folder / ".mypy_cache")]
    environment: Optional[Dict[str, str]] = None
    if config_file is not None:
        command += ["--config-file", config_file]
    elif sdk == "installed":
        command.append("--strict")
        environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    elif sdk == "in_folder":
        command.append("--strict")
    else:
        (folder / "mypy.ini").write_text(USER_SETTINGS.format(root=ROOT), encoding="utf-8")
        command += ["--config-file", "mypy.ini"]
    completed = subprocess.run(
        [*command, *files],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    return MypyRun(completed.returncode, completed.stdout + completed.stderr, parse_errors(completed.stdout))
