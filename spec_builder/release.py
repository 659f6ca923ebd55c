"""The release side of the spec-change loop: the version bump and the changelog entry.

The version lives in one place, `packageVersion` in openapi-generator-config.yaml (the generator writes it
into `mixpeek.__version__`, which pyproject.toml reads). `set_package_version` rewrites only that line, so
the file's comments stay.
"""

from __future__ import annotations

import re
from pathlib import Path

from spec_builder.changelog import prepend_entry
from spec_builder.diff import next_version

_VERSION_LINE = re.compile(r"^packageVersion:\s*['\"]?([^'\"\s#]+)['\"]?[ \t]*$", re.MULTILINE)


def package_version(config: Path) -> str:
    """`packageVersion` of the generator config."""
    found = _VERSION_LINE.search(config.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{config} has no 'packageVersion: X.Y.Z' line")
    return found.group(1)


def set_package_version(config: Path, version: str) -> None:
    """Rewrite the `packageVersion` line of the generator config."""
    text = config.read_text(encoding="utf-8")
    config.write_text(_VERSION_LINE.sub(f"packageVersion: {version}", text, count=1), encoding="utf-8")


def bump_config(config: Path, bump: str) -> str:
    """Bump `packageVersion` as the diff says; returns the new version."""
    version = next_version(package_version(config), bump)
    set_package_version(config, version)
    return version


def add_changelog_entry(changelog: Path, version: str, date: str, body: str) -> None:
    """Prepend the entry to the changelog, creating it in Keep a Changelog form when missing."""
    existing = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    changelog.write_text(prepend_entry(existing, version, date, body), encoding="utf-8")
