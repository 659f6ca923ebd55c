"""`scripts/regenerate.sh` on a throw-away copy of the checkout: the whole loop, with a small test subset.

The real openapi.json, config and CHANGELOG.md are never touched: every run happens in a copy under tmp_path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: What a copy of the checkout leaves out: version control, environments, caches, build output.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
    ".hypothesis", "build", "dist", "*.egg-info", "node_modules", "results", ".tools",
)  # fmt: skip
#: Tests the loop runs in the copy: the package's version and the operations of the changed model.
TEST_SUBSET = "test/generated/test_package.py test/generated/test_account_api.py -p no:cacheprovider"
DATE = "2026-01-02"


def _copy_of_checkout(root: Path) -> Path:
    copy = root / "checkout"
    shutil.copytree(PROJECT_ROOT, copy, ignore=NOT_COPIED, symlinks=True)
    return copy


def _regenerate(checkout: Path, spec: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REGENERATE_PYTHON=sys.executable)
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "regenerate.sh"), str(spec), *options],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_field_added_one_removed(checkout: Path, target: Path) -> None:
    spec: dict[str, Any] = json.loads((checkout / "openapi.json").read_text(encoding="utf-8"))
    me = spec["components"]["schemas"]["MeResponse"]
    assert "user_email" in me["properties"] and "user_email" not in me.get("required", [])
    del me["properties"]["user_email"]
    me["properties"]["team_name"] = {"type": "string", "description": "The team of the key."}
    target.write_text(json.dumps(spec), encoding="utf-8")


@pytest.fixture(scope="module")
def loop_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("regenerate")
    real = {name: _digest(PROJECT_ROOT / name) for name in ("openapi.json", "openapi-generator-config.yaml")}
    checkout = _copy_of_checkout(root)
    (checkout / "CHANGELOG.md").unlink(missing_ok=True)
    new_spec = root / "new-spec.json"
    _one_field_added_one_removed(checkout, new_spec)
    entry = root / "entry.md"
    run = _regenerate(checkout, new_spec, "--tests", TEST_SUBSET, "--date", DATE, "--entry-out", str(entry))
    assert {name: _digest(PROJECT_ROOT / name) for name in real} == real, "the real checkout was modified"
    return checkout, run


def test_the_loop_succeeds_and_bumps_the_major_version_for_a_removed_field(
    loop_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    checkout, run = loop_run
    assert run.returncode == 0, run.stderr[-4000:]
    config = (checkout / "openapi-generator-config.yaml").read_text(encoding="utf-8")
    assert re.search(r"^packageVersion: 1\.0\.0$", config, re.MULTILINE)
    assert '__version__ = "1.0.0"' in (checkout / "mixpeek" / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r"\b\d+ passed", run.stdout) and "failed" not in run.stdout


def test_the_changelog_is_created_with_the_entry(
    loop_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    checkout, _ = loop_run
    changelog = (checkout / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n")
    entry = changelog.split(f"## [1.0.0] - {DATE}\n", 1)[1]
    assert "- operations: 0 added, 0 removed, 565 in common" in entry
    assert "- changes: 1 breaking for callers, 1 additive" in entry
    assert "- removed field `MeResponse.user_email`: code reading or setting it breaks" in entry
    assert "- added field `MeResponse.team_name` (optional): existing code still works" in entry
    assert "field `MeResponse.user_email`: kept as a deprecated alias" in entry
    assert entry.rstrip().endswith("Version bump: **major**")


def test_the_entry_for_the_pull_request_is_the_changelog_entry(
    loop_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    checkout, _ = loop_run
    entry = (checkout.parent / "entry.md").read_text(encoding="utf-8")
    assert entry.strip() in (checkout / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_new_field_is_generated_and_the_removed_one_kept_as_a_deprecated_property(
    loop_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    checkout, _ = loop_run
    model = (checkout / "mixpeek" / "models" / "me_response.py").read_text(encoding="utf-8")
    assert "team_name: Optional[str]" in model
    assert "def user_email(self) -> Any:" in model and 'read_kept_field(self, "user_email")' in model
    spec = json.loads((checkout / "openapi.json").read_text(encoding="utf-8"))
    assert (
        spec["components"]["schemas"]["MeResponse"]["properties"]["user_email"]["x-deprecated-alias"] is True
    )


def test_an_unchanged_spec_is_nothing_to_do(tmp_path: Path) -> None:
    checkout = _copy_of_checkout(tmp_path)
    before = _digest(checkout / "openapi-generator-config.yaml")
    run = _regenerate(checkout, checkout / "openapi.json", "--tests", "test/does-not-exist")
    assert run.returncode == 0, run.stderr[-4000:]
    assert "no API change" in run.stderr
    assert _digest(checkout / "openapi-generator-config.yaml") == before
    assert not (checkout / "CHANGELOG.md").exists()


def test_a_failing_step_is_named_and_fails_the_run(tmp_path: Path) -> None:
    checkout = _copy_of_checkout(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"openapi": "3.1.0"}', encoding="utf-8")
    run = _regenerate(checkout, broken)
    assert run.returncode != 0
    assert "FAILED at step 'rebuild openapi.json" in run.stderr


FACTS_082 = PROJECT_ROOT.parent / "shared" / "reference" / "mixpeek-api-0.82.json"


@pytest.mark.skipif(not FACTS_082.exists(), reason=f"reference data not present at {FACTS_082.parent}")
def test_the_loops_rebuild_from_the_current_facts_gives_openapi_json_back() -> None:
    """The loop passes the current openapi.json as the older spec: on the facts it was built from, nothing
    changes (so a scheduled run on an unchanged API proposes nothing)."""
    from spec_builder.build import build_spec
    from spec_builder.load import load_spec
    from spec_builder.write import render

    current = PROJECT_ROOT / "openapi.json"
    document, _ = build_spec(load_spec(FACTS_082), load_spec(current))
    assert render(document) == current.read_text(encoding="utf-8")
