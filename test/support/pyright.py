"""The pinned pyright for the type-checking tests, installed (or found in place) by ``scripts/pyright.sh``.

pyright comes from npm. Without npm a test that needs it is skipped, except under ``CI=true``, where CI must
have installed it and a missing npm fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pyright_executable() -> Path:
    """The path of the pinned pyright binary, installing it on first use."""
    if shutil.which("npm") is None:
        message = "npm is not installed: pyright cannot be installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must have it)")
        pytest.skip(message)
    installed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "pyright.sh")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, f"scripts/pyright.sh failed:\n{installed.stderr[-3000:]}"
    return Path(installed.stdout.strip().splitlines()[-1])
