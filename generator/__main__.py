"""``python -m generator [--check]``: regenerate the generated layer from ``openapi.json``.

``--check`` writes nothing and exits with status 1 listing files that differ, are missing or are extra.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from generator.errors import GeneratorError
from generator.output import compare, write
from generator.pipeline import generate_files

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 when anything differs")
    parser.add_argument(
        "--root", type=Path, default=PROJECT_ROOT, help="the project root (default: this checkout)"
    )
    parser.add_argument("--spec", type=Path, help="the OpenAPI document (default: <root>/openapi.json)")
    parser.add_argument(
        "--config", type=Path, help="the config (default: <root>/openapi-generator-config.yaml)"
    )
    args = parser.parse_args(argv)
    root: Path = args.root
    started = time.perf_counter()
    try:
        files = generate_files(
            args.spec or root / "openapi.json", args.config or root / "openapi-generator-config.yaml"
        )
    except GeneratorError as error:
        print(f"generator: {error}", file=sys.stderr)
        return 2
    if args.check:
        difference = compare(root, files)
        if not difference.is_empty():
            print(difference.report())
            print("generated files are out of date: run `python -m generator`", file=sys.stderr)
            return 1
        print(f"generator: {len(files)} files up to date ({time.perf_counter() - started:.1f}s)")
        return 0
    difference = write(root, files)
    touched = len(difference.changed) + len(difference.missing) + len(difference.extra)
    print(f"generator: {len(files)} files, {touched} changed ({time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
