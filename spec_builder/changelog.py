"""The API changelog in Markdown, and `CHANGELOG.md` (Keep a Changelog form) with a new entry on top.

The Markdown of a diff (`render_markdown`) is: a summary of counts; "Breaking for callers" and "Additive"
sections, one bullet per change with its reason, grouped by kind; the deprecated aliases the loop kept (see
`spec_builder.compat`); and, last, the version bump line. `prepend_entry` puts the same body under a
`## [VERSION] - DATE` heading below the file's header and its `## [Unreleased]` section (either may be
missing; a missing file gets the standard header).
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence

from spec_builder.diff import Change, SpecDiff

#: Kind of change -> its heading, in the order the sections list them.
KINDS = {
    "operation": "Operations",
    "parameter": "Parameters",
    "request body": "Request bodies",
    "response": "Responses",
    "schema": "Schemas",
    "field": "Fields",
}
CHANGELOG_HEADER = (
    "# Changelog\n\n"
    "All notable changes to this SDK are listed here, newest first. The format follows\n"
    "[Keep a Changelog](https://keepachangelog.com/en/1.1.0/) and the versions follow\n"
    "[Semantic Versioning](https://semver.org/spec/v2.0.0.html); API changes are written by\n"
    '`python -m spec_builder diff` (see README.md, "Regenerating the SDK").\n'
)
_RELEASE_HEADING = re.compile(r"^## \[(?!Unreleased\])", re.MULTILINE)
_UNRELEASED_HEADING = re.compile(r"^## \[Unreleased\][^\n]*\n", re.MULTILINE)


def _bullet(change: Change) -> str:
    detail = f" ({change.detail})" if change.detail else ""
    return f"- {change.action} {change.kind} `{change.subject}`{detail}: {change.reason}"


def _section(title: str, changes: Sequence[Change]) -> List[str]:
    if not changes:
        return []
    lines = [f"### {title} ({len(changes)})", ""]
    by_kind: Dict[str, List[Change]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, []).append(change)
    order = list(KINDS)
    for kind in sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order)):
        lines.append(f"#### {KINDS.get(kind, kind)}")
        lines.append("")
        lines.extend(_bullet(change) for change in by_kind[kind])
        lines.append("")
    return lines


def summary_lines(diff: SpecDiff) -> List[str]:
    """The counts the entry leads with."""
    return [
        f"API {diff.old_version} -> {diff.new_version}.",
        "",
        f"- operations: {diff.operations_added} added, {diff.operations_removed} removed, "
        f"{diff.operations_common} in common",
        f"- schemas: {diff.schemas_added} added, {diff.schemas_removed} removed, "
        f"{diff.schemas_common} in common",
        f"- changes: {len(diff.breaking)} breaking for callers, {len(diff.additive)} additive",
        "",
    ]


def render_body(diff: SpecDiff, aliases: Sequence[str] = ()) -> str:
    """The entry without a heading: summary, sections, kept aliases, version bump (last line)."""
    lines = summary_lines(diff)
    lines += _section("Breaking for callers", diff.breaking)
    lines += _section("Additive", diff.additive)
    if aliases:
        lines += [f"### Deprecated ({len(aliases)})", ""]
        lines += [f"- {alias}" for alias in aliases]
        lines.append("")
    lines.append(f"Version bump: **{diff.bump}**")
    return "\n".join(lines) + "\n"


def render_markdown(diff: SpecDiff, aliases: Sequence[str] = ()) -> str:
    """The whole changelog document of `python -m spec_builder diff`."""
    heading = f"# API changes {diff.old_version} -> {diff.new_version}\n\n"
    return heading + render_body(diff, aliases)


def prepend_entry(existing: str, version: str, date: str, body: str) -> str:
    """`existing` CHANGELOG.md text with a `## [version] - date` entry above every released entry."""
    text = existing if existing.strip() else CHANGELOG_HEADER
    entry = f"## [{version}] - {date}\n\n{body.rstrip()}\n\n"
    released = _RELEASE_HEADING.search(text)
    if released is not None:
        return text[: released.start()] + entry + text[released.start() :]
    unreleased = _UNRELEASED_HEADING.search(text)
    separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    if unreleased is not None:  # an Unreleased section with nothing released after it: the entry follows
        return text.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n"
    return text + separator + entry.rstrip("\n") + "\n"
