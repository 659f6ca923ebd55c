"""Command line: `python -m spec_builder [--facts PATH] [--previous PATH] [--out PATH] [--check]`.

`--name-lists DIR` also writes the names-only lists the tests compare the spec with (test/spec/).
`python -m spec_builder diff|bump|changelog ...`: the spec-change loop's steps (`spec_builder.commands`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from spec_builder.build import build_spec
from spec_builder.commands import SUBCOMMANDS, run
from spec_builder.load import DEFAULT_FACTS, DEFAULT_OUT, DEFAULT_PREVIOUS, load_spec
from spec_builder.name_lists import write_name_lists
from spec_builder.write import render, write_if_changed


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m spec_builder",
        description="Rebuild openapi.json from the newest API facts and the previous published spec.",
    )
    parser.add_argument(
        "--facts", type=Path, default=DEFAULT_FACTS, help="the newest API facts (OpenAPI JSON)"
    )
    parser.add_argument(
        "--previous", type=Path, default=DEFAULT_PREVIOUS, help="the previous published spec (OpenAPI JSON)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the spec")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output file would change"
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the build report")
    parser.add_argument(
        "--name-lists",
        type=Path,
        metavar="DIR",
        help="also write the names-only operations-<version>.txt and schemas-<version>.txt into DIR",
    )
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    """Build, then write or check; the report goes to stderr. A first argument naming a subcommand runs it."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        return run(arguments[0], arguments[1:])
    args = parse_args(argv)
    for path in (args.facts, args.previous):
        if not path.exists():
            print(f"spec_builder: input not found: {path}", file=sys.stderr)
            return 2
    facts = load_spec(args.facts)
    document, report = build_spec(facts, load_spec(args.previous))
    if not args.quiet:
        print("\n".join(report.lines()), file=sys.stderr)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != render(document):
            print(f"spec_builder: {args.out} is out of date; run python -m spec_builder", file=sys.stderr)
            return 1
        print(f"spec_builder: {args.out} is up to date", file=sys.stderr)
        return 0
    if args.name_lists is not None:
        for written in write_name_lists(facts, args.name_lists):
            print(f"spec_builder: wrote {written}", file=sys.stderr)
    changed = write_if_changed(document, args.out)
    print(f"spec_builder: {args.out} {'written' if changed else 'unchanged'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
