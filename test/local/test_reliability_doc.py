"""docs/reliability.md's table of local server scenarios names exactly the tests that back them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parents[1] / "docs" / "reliability.md"
#: The modules whose every test is a row of the table (other modules may lend a row, such as test_cli).
SCENARIO_MODULES = (
    "test_load.py",
    "test_framing.py",
    "test_hosts.py",
    "test_scoping.py",
    "test_input_hygiene.py",
    "test_data_dir_lock.py",
    "test_busy_port.py",
)
_ROW_TEST = re.compile(r"^\| \d+ \|.*\| `(test_\w+\.py)::(test_\w+)` \|$", re.MULTILINE)


def _documented() -> set[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Local server scenarios", 1)[1].split("\n### ", 1)[0]
    return set(_ROW_TEST.findall(section))


def _tests_of(module: str) -> set[str]:
    tree = ast.parse((HERE / module).read_text(encoding="utf-8"))
    return {
        node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_every_documented_scenario_names_an_existing_test() -> None:
    documented = _documented()
    assert len(documented) >= len(SCENARIO_MODULES)
    missing = {(module, name) for module, name in documented if name not in _tests_of(module)}
    assert missing == set()


def test_every_scenario_test_is_documented() -> None:
    documented = _documented()
    tested = {(module, name) for module in SCENARIO_MODULES for name in _tests_of(module)}
    assert tested - documented == set()
