"""The published package, installed from PyPI into its own virtual environment and cached there.

It has the same import name as ours (``mixpeek``), so it cannot share an interpreter with our checkout.
The environment is reused while it still holds the pinned version; otherwise it is rebuilt.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

PACKAGE = "mixpeek"
VERSION = "1.3.783"
DEFAULT_DIR = Path(__file__).resolve().parent / ".venv-published"


def _python(env_dir: Path) -> Path:
    return env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def installed_version(python: Path) -> str | None:
    """The version of ``mixpeek`` that ``python`` has installed, or None."""
    if not python.exists():
        return None
    probe = f"import importlib.metadata as m; print(m.version({PACKAGE!r}))"
    # Run from an unrelated directory: from the checkout, our own egg-info would answer.
    done = subprocess.run(
        [str(python), "-I", "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    return done.stdout.strip() if done.returncode == 0 else None


def ensure(env_dir: Path = DEFAULT_DIR, log: bool = True) -> Path:
    """The interpreter of a virtual environment holding ``mixpeek==VERSION``, creating it if needed."""
    python = _python(env_dir)
    if installed_version(python) == VERSION:
        return python
    if log:
        print(f"installing {PACKAGE}=={VERSION} into {env_dir} (cached for later runs)", file=sys.stderr)
    venv.EnvBuilder(clear=True, with_pip=True).create(env_dir)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{PACKAGE}=={VERSION}"],
        check=True,
    )
    found = installed_version(python)
    if found != VERSION:
        raise RuntimeError(f"{env_dir}: expected {PACKAGE}=={VERSION}, found {found}")
    return python
