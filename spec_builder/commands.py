"""Subcommands of `python -m spec_builder` for the spec-change loop (`scripts/regenerate.sh` runs them).

* `diff OLD.json NEW.json [--json] [--body] [--out FILE]`: the API changelog (Markdown, or JSON for tools).
* `compat --previous OLD.json --spec NEW.json [--surface FILE] [--notes NOTES.json]`: keep the published
  names NEW.json removes as deprecated aliases (`spec_builder.compat`; NEW.json is rewritten).
* `bump --diff DIFF.json [--config FILE]`: bump `packageVersion` as the diff says; prints the new version.
* `changelog --entry ENTRY.md --version X.Y.Z [--date YYYY-MM-DD] [--changelog FILE]`: prepend the entry.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path
from typing import List

from spec_builder.changelog import render_body, render_markdown
from spec_builder.compat import DEFAULT_SURFACE, CompatNote, Surface, keep_published_names, notes_as_json
from spec_builder.diff import diff_specs
from spec_builder.load import REPO_ROOT, load_spec
from spec_builder.release import add_changelog_entry, bump_config
from spec_builder.write import write_if_changed

SUBCOMMANDS = ("diff", "compat", "bump", "changelog")


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def diff_main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec_builder diff", description="The API changelog between two specs or facts files."
    )
    parser.add_argument("old", type=Path, help="the older OpenAPI document")
    parser.add_argument("new", type=Path, help="the newer OpenAPI document")
    parser.add_argument("--json", action="store_true", help="the same data as JSON")
    parser.add_argument("--body", action="store_true", help="Markdown without the top heading (an entry)")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    parser.add_argument("--kept", type=Path, help="the notes of `compat`, listed under Deprecated")
    args = parser.parse_args(argv)
    for path in (args.old, args.new):
        if not path.exists():
            print(f"spec_builder diff: input not found: {path}", file=sys.stderr)
            return 2
    diff = diff_specs(load_spec(args.old), load_spec(args.new))
    if args.json:
        _write(json.dumps(diff.as_json(), indent=2) + "\n", args.out)
    else:
        kept = _note_lines(args.kept)
        _write(render_body(diff, kept) if args.body else render_markdown(diff, kept), args.out)
    return 0


def _note_lines(path: Path | None) -> List[str]:
    if path is None:
        return []
    return [CompatNote(**note).line() for note in json.loads(path.read_text(encoding="utf-8"))]


def compat_main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec_builder compat", description=keep_published_names.__doc__
    )
    parser.add_argument("--previous", type=Path, required=True, help="the spec before the change")
    parser.add_argument("--spec", type=Path, required=True, help="the rebuilt spec (rewritten in place)")
    parser.add_argument("--surface", type=Path, default=DEFAULT_SURFACE, help="the published names")
    parser.add_argument("--notes", type=Path, help="write what was kept (JSON) here")
    args = parser.parse_args(argv)
    new = load_spec(args.spec)
    notes = keep_published_names(load_spec(args.previous), new, Surface.load(args.surface))
    write_if_changed(new, args.spec)
    if args.notes is not None:
        args.notes.write_text(json.dumps(notes_as_json(notes), indent=2) + "\n", encoding="utf-8")
    for note in notes:
        print(f"spec_builder compat: {note.line()}", file=sys.stderr)
    return 0


def bump_main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec_builder bump", description=bump_config.__doc__)
    parser.add_argument("--diff", type=Path, required=True, help="the output of `diff --json`")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "openapi-generator-config.yaml")
    args = parser.parse_args(argv)
    bump = str(json.loads(args.diff.read_text(encoding="utf-8"))["bump"])
    print(bump_config(args.config, bump))
    return 0


def changelog_main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec_builder changelog", description=add_changelog_entry.__doc__
    )
    parser.add_argument("--entry", type=Path, required=True, help="the entry's Markdown (`diff --body`)")
    parser.add_argument("--version", required=True, help="the version the entry is for")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--changelog", type=Path, default=REPO_ROOT / "CHANGELOG.md")
    args = parser.parse_args(argv)
    add_changelog_entry(args.changelog, args.version, args.date, args.entry.read_text(encoding="utf-8"))
    return 0


def run(command: str, argv: List[str]) -> int:
    """Dispatch one subcommand."""
    commands = {"diff": diff_main, "compat": compat_main, "bump": bump_main, "changelog": changelog_main}
    return commands[command](argv)
