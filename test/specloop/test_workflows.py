"""The GitHub workflows: actionlint-clean, wired to the project's scripts, and the regenerate workflow's steps
run locally (scripts/regenerate_workflow.sh) on a spec file, up to a pull request opened through a stand-in
`gh` against a local git remote.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from test.specloop.test_regenerate import NOT_COPIED, PROJECT_ROOT, TEST_SUBSET

WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"
#: Stands in for the GitHub CLI: records its arguments and the body file it was given.
FAKE_GH = """#!/usr/bin/env bash
printf '%s\\n' "$@" > "$GH_RECORD/args"
while [ $# -gt 0 ]; do
  if [ "$1" = "--body-file" ]; then cp "$2" "$GH_RECORD/body"; fi
  shift
done
echo "https://example.invalid/pull/1"
"""


def _actionlint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(PROJECT_ROOT / "scripts" / "actionlint.sh"), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _workflow(name: str) -> dict[Any, Any]:
    return dict(yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8")))


def test_actionlint_finds_nothing_in_either_workflow() -> None:
    run = _actionlint()
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""


def test_actionlint_does_report_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_context_value.x }}\n      - uses: actions/checkout@v5\n"
        "        with:\n          not_an_input: 1\n",
        encoding="utf-8",
    )
    run = _actionlint(str(broken))
    assert run.returncode != 0 and "not_an_input" in run.stdout


def test_ci_runs_the_check_script_on_pushes_and_pull_requests() -> None:
    ci = _workflow("ci.yml")
    triggers = ci.get("on", ci.get(True))  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    steps = ci["jobs"]["ci"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)


def test_regenerate_runs_weekly_and_on_demand_with_a_spec_url_through_the_steps_script() -> None:
    workflow = _workflow("regenerate.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["schedule"] and "spec_url" in triggers["workflow_dispatch"]["inputs"]
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["regenerate"]["steps"])
    assert (
        "scripts/regenerate_workflow.sh prepare" in runs and "scripts/regenerate_workflow.sh open-pr" in runs
    )


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def workflow_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("workflow")
    checkout = root / "checkout"
    shutil.copytree(PROJECT_ROOT, checkout, ignore=NOT_COPIED, symlinks=True)
    (checkout / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n- hand-written note\n\n## [0.82.0] - 2026-01-01\n\n- first\n",
        encoding="utf-8",
    )
    remote = root / "remote.git"
    _git(root, "init", "--quiet", "--bare", str(remote))
    _git(checkout, "init", "--quiet", "-b", "main")
    _git(checkout, "add", "-A")
    _git(checkout, "commit", "--quiet", "-m", "base")
    _git(checkout, "remote", "add", "origin", str(remote))
    _git(checkout, "push", "--quiet", "origin", "main")
    spec: dict[str, Any] = json.loads((checkout / "openapi.json").read_text(encoding="utf-8"))
    spec["components"]["schemas"]["MeResponse"]["properties"]["team_name"] = {"type": "string"}
    spec_file = root / "published-spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    bin_dir, record = root / "bin", root / "gh-record"
    bin_dir.mkdir()
    record.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(stat.S_IRWXU)
    env = dict(
        os.environ,
        REGENERATE_PYTHON=sys.executable,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        GH_RECORD=str(record),
        GITHUB_OUTPUT=str(root / "github-output"),
    )
    out = root / "out"
    script = ["bash", "scripts/regenerate_workflow.sh"]
    prepare = subprocess.run(
        [*script, "prepare", spec_file.as_uri(), str(out), "--tests", TEST_SUBSET, "--date", "2026-03-04"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert prepare.returncode == 0, prepare.stderr[-4000:]
    opened = subprocess.run(
        [*script, "open-pr", str(out), "main"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert opened.returncode == 0, opened.stderr[-4000:]
    return {"root": root, "checkout": checkout, "remote": remote, "out": out, "record": record}


def test_prepare_writes_the_step_outputs_for_github_and_for_the_run(workflow_run: dict[str, Any]) -> None:
    out: Path = workflow_run["out"]
    expected = f"changed=true\nversion=0.83.0\nbody={out / 'entry.md'}\n"
    assert (out / "outputs").read_text(encoding="utf-8") == expected
    assert (workflow_run["root"] / "github-output").read_text(encoding="utf-8") == expected


def test_an_added_field_is_a_minor_release_listed_under_unreleased_notes(
    workflow_run: dict[str, Any],
) -> None:
    changelog = (workflow_run["checkout"] / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = changelog.index("## [Unreleased]")
    new = changelog.index("## [0.83.0] - 2026-03-04")
    assert unreleased < changelog.index("- hand-written note") < new < changelog.index("## [0.82.0]")
    entry = (workflow_run["out"] / "entry.md").read_text(encoding="utf-8")
    assert "- added field `MeResponse.team_name` (optional)" in entry
    assert entry.rstrip().endswith("Version bump: **minor**")


def test_open_pr_pushes_a_branch_and_opens_a_pull_request_with_the_entry_as_body(
    workflow_run: dict[str, Any],
) -> None:
    record: Path = workflow_run["record"]
    args = (record / "args").read_text(encoding="utf-8").split("\n")
    assert args[:6] == ["pr", "create", "--base", "main", "--head", "regenerate/0.83.0"]
    assert (record / "body").read_text(encoding="utf-8") == (workflow_run["out"] / "entry.md").read_text(
        encoding="utf-8"
    )
    pushed = _git(workflow_run["remote"], "show", "--stat", "--format=%s", "regenerate/0.83.0")
    assert pushed.startswith("Regenerate from the published API spec: version 0.83.0")
    assert "openapi.json" in pushed and "CHANGELOG.md" in pushed and "openapi-generator-config.yaml" in pushed
