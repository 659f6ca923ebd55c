"""`python -m spec_builder diff`: the API changelog between two specs, its classes and its version bump."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from spec_builder.__main__ import main
from spec_builder.changelog import prepend_entry
from spec_builder.diff import BREAKING, diff_specs, next_version
from spec_builder.load import REFERENCE_DIR

GOLDEN = Path(__file__).resolve().parent / "diff_golden"
OLD_081 = REFERENCE_DIR / "mixpeek-openapi-0.81.json"
NEW_082 = REFERENCE_DIR / "mixpeek-api-0.82.json"
REFERENCE_DIFF = REFERENCE_DIR / "diff-0.81-0.82.txt"


def _load(name: str) -> dict[str, Any]:
    return dict(json.loads((GOLDEN / name).read_text(encoding="utf-8")))


def test_the_markdown_of_the_golden_pair_is_the_expected_changelog(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff", str(GOLDEN / "old.json"), str(GOLDEN / "new.json")]) == 0
    assert capsys.readouterr().out == (GOLDEN / "expected.md").read_text(encoding="utf-8")


def test_json_output_carries_the_same_changes_and_bump(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(GOLDEN / "old.json"), str(GOLDEN / "new.json"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    markdown = (GOLDEN / "expected.md").read_text(encoding="utf-8")
    assert data["bump"] == "major" and markdown.rstrip().endswith("Version bump: **major**")
    for change in data["changes"]:
        assert f"`{change['subject']}`" in markdown and change["reason"] in markdown
    assert data["breaking_count"] == len([c for c in data["changes"] if c["impact"] == BREAKING])


@pytest.mark.parametrize(
    ("kind", "action", "subject", "impact"),
    [
        ("operation", "removed", "DELETE /v1/things/{thing_id}", "breaking"),
        ("operation", "added", "GET /v1/widgets", "additive"),
        ("parameter", "removed", "GET /v1/things cursor (query)", "breaking"),
        ("parameter", "added", "GET /v1/things region (query)", "breaking"),
        ("parameter", "added", "GET /v1/things page (query)", "additive"),
        ("parameter", "changed", "GET /v1/things limit (query)", "breaking"),
        ("parameter", "changed", "GET /v1/things sort (query)", "additive"),
        ("request body", "changed", "POST /v1/things body", "breaking"),
        ("response", "changed", "GET /v1/things result", "breaking"),
        ("response", "added", "GET /v1/things 429", "additive"),
        ("schema", "removed", "OldShape", "breaking"),
        ("schema", "added", "NewThing", "additive"),
        ("field", "removed", "Thing.legacy", "breaking"),
        ("field", "added", "Thing.owner", "breaking"),
        ("field", "added", "Thing.label", "additive"),
        ("field", "changed", "Thing.size", "breaking"),
        ("field", "changed", "Thing.note", "breaking"),
        ("field", "changed", "Thing.tags", "additive"),
        ("field", "changed", "Thing.mode", "additive"),
    ],
)
def test_each_kind_of_change_is_found_and_classed(kind: str, action: str, subject: str, impact: str) -> None:
    changes = diff_specs(_load("old.json"), _load("new.json")).changes
    found = {(c.kind, c.action, c.subject, c.impact) for c in changes}
    assert (kind, action, subject, impact) in found


def test_enum_values_removed_are_breaking_and_added_are_additive() -> None:
    changes = [
        c for c in diff_specs(_load("old.json"), _load("new.json")).changes if c.subject == "Thing.color"
    ]
    assert {(c.detail, c.impact) for c in changes} == {
        ("enum values removed: 'red'", "breaking"),
        ("enum values added: 'blue'", "additive"),
    }


def test_the_credential_header_is_not_a_parameter_change() -> None:
    changes = diff_specs(_load("old.json"), _load("new.json")).changes
    assert not [c for c in changes if "Authorization" in c.subject]


def test_only_additive_changes_bump_minor_and_no_visible_change_bumps_patch() -> None:
    old = _load("old.json")
    additive = copy.deepcopy(old)
    additive["components"]["schemas"]["Thing"]["properties"]["extra"] = {"type": "string"}
    assert diff_specs(old, additive).bump == "minor"
    described = copy.deepcopy(old)
    described["components"]["schemas"]["Thing"]["description"] = "Reworded."
    same = diff_specs(old, described)
    assert (same.changes, same.bump) == ([], "patch")


@pytest.mark.parametrize(
    ("version", "bump", "expected"),
    [("0.82.0", "major", "1.0.0"), ("0.82.0", "minor", "0.83.0"), ("0.82.3", "patch", "0.82.4")],
)
def test_next_version_follows_semantic_versioning(version: str, bump: str, expected: str) -> None:
    assert next_version(version, bump) == expected


def test_a_version_that_is_not_three_numbers_is_refused() -> None:
    with pytest.raises(ValueError, match="not MAJOR.MINOR.PATCH"):
        next_version("0.82", "minor")


def test_an_entry_goes_below_unreleased_and_above_older_releases() -> None:
    existing = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n- pending\n\n## [0.82.0] - 2026-01-01\n\nOld.\n"
    updated = prepend_entry(existing, "0.83.0", "2026-02-02", "New.\n")
    assert updated.index("## [Unreleased]") < updated.index("## [0.83.0] - 2026-02-02")
    assert updated.index("New.") < updated.index("## [0.82.0]") and "- pending" in updated
    created = prepend_entry("", "0.83.0", "2026-02-02", "New.\n")
    assert created.startswith("# Changelog\n") and created.endswith("## [0.83.0] - 2026-02-02\n\nNew.\n")
    only_unreleased = prepend_entry("# Changelog\n\n## [Unreleased]\n", "1.0.0", "2026-02-02", "N.\n")
    assert only_unreleased.index("## [Unreleased]") < only_unreleased.index("## [1.0.0]")


@pytest.mark.skipif(
    not (OLD_081.exists() and NEW_082.exists() and REFERENCE_DIFF.exists()),
    reason=f"reference data not present at {REFERENCE_DIR}",
)
def test_the_real_081_to_082_change_has_the_reference_operation_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    reference = REFERENCE_DIFF.read_text(encoding="utf-8")
    common = int(re.search(r"common=(\d+)", reference).group(1))  # type: ignore[union-attr]
    added = int(re.search(r"present in 0\.82 but not in 0\.81 \((\d+)\)", reference).group(1))  # type: ignore[union-attr]
    removed = int(re.search(r"present in 0\.81 but not in 0\.82 \((\d+)\)", reference).group(1))  # type: ignore[union-attr]
    assert main(["diff", str(OLD_081), str(NEW_082), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["operations_added"], data["operations_removed"], data["operations_common"]) == (
        added,
        removed,
        common,
    )
    removed_ops = {
        c["subject"] for c in data["changes"] if c["kind"] == "operation" and c["action"] == "removed"
    }
    section = reference.split("but not in 0.82")[1].split("\n## ")[0]
    listed = {line for line in section.splitlines()[1:] if line.strip()}
    assert removed_ops == listed
    assert main(["diff", str(OLD_081), str(NEW_082)]) == 0
    markdown = capsys.readouterr().out
    assert f"- operations: {added} added, {removed} removed, {common} in common" in markdown
    assert markdown.rstrip().endswith("Version bump: **major**")
