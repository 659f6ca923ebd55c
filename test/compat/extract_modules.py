"""Writes the names-only list of the published package's modules that ``test_module_paths.py`` reads.

    .venv/bin/python -m test.compat.extract_modules

Installs the published package into its own environment if needed (``benchmarks/_published.py``), walks its
installed files there, imports every module and keeps, per module path, the public classes and functions
that module defines itself (its own names, not what it imports). The wheel also ships two test files of its
own (``mixpeek/_client/test_*.py``, which need pytest); they are tests, not API, and are left out. Not needed
at test time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import _published

TARGET = Path(__file__).parent / "published-modules-1.3.783.json"

#: Runs in the published package's interpreter; prints {module path: [names it defines]} as JSON.
PROBE = """
import importlib, inspect, json, pathlib, mixpeek
root = pathlib.Path(mixpeek.__file__).parent
found = {}
for path in sorted(root.rglob("*.py")):
    if path.name.startswith("test_"):
        continue
    parts = ("mixpeek",) + path.relative_to(root).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    module = importlib.import_module(name)
    found[name] = sorted(
        attr for attr, value in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", None) == name
    )
print(json.dumps(found))
"""


def published_modules() -> dict[str, list[str]]:
    """Every module path of the published package -> the public names it defines."""
    python = _published.ensure()
    done = subprocess.run(
        [str(python), "-I", "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),  # not the checkout: our own `mixpeek` would shadow the published one
    )
    modules: dict[str, list[str]] = json.loads(done.stdout)
    return modules


def main() -> int:
    TARGET.write_text(json.dumps(published_modules(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
