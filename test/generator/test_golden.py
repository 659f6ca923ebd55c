"""Golden-file tests of the generator: exact expected output for small specs that cover every construct.

Refresh the expected files after an intended change with ``python -m test.generator.goldens`` (see there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test.generator.goldens import GoldenCase, golden_cases

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CASES = list(golden_cases())

#: The mixin class the ``operations`` golden config names (``golden_mixins:ThingsExtras``).
GOLDEN_MIXINS = '''
class ThingsExtras:
    """A hand-written helper mixed into BYOThingsApi."""

    def count_things(self) -> int:
        return 3
'''


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_generated_output_equals_the_golden_files(case: GoldenCase) -> None:
    generated = case.generate()
    expected = case.expected_files()
    assert sorted(generated) == sorted(expected), "the set of generated files changed"
    for path, text in generated.items():
        assert text == expected[path], (
            f"{case.name}: {path} differs (refresh: python -m test.generator.goldens)"
        )


def _project_with_golden_output(case: GoldenCase, root: Path) -> None:
    """A throw-away project: the real runtime and test support, with the golden generated layer on top."""
    package = PROJECT_ROOT / "mixpeek"
    (root / "mixpeek").mkdir()
    for module in package.glob("*.py"):
        if module.name != "__init__.py":
            shutil.copy(module, root / "mixpeek" / module.name)
    shutil.copy(package / "py.typed", root / "mixpeek" / "py.typed")
    shutil.copytree(
        package / "_runtime", root / "mixpeek" / "_runtime", ignore=shutil.ignore_patterns("__pycache__")
    )
    (root / "test").mkdir()
    for name in ("__init__.py", "conftest.py"):
        shutil.copy(PROJECT_ROOT / "test" / name, root / "test" / name)
    shutil.copytree(
        PROJECT_ROOT / "test" / "support",
        root / "test" / "support",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(case.expected, root, dirs_exist_ok=True)
    (root / "golden_mixins.py").write_text(GOLDEN_MIXINS, encoding="utf-8")
    (root / "mypy.ini").write_text(
        "[mypy]\nstrict = True\nwarn_return_any = False\nfollow_imports = silent\n", encoding="utf-8"
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_output_type_checks_imports_and_passes_its_generated_tests(
    case: GoldenCase, tmp_path: Path
) -> None:
    _project_with_golden_output(case, tmp_path)
    # a module with a stub beside it (records, params) is checked as type checkers see it: the stub
    generated_modules = [
        str(path.relative_to(case.expected))
        for path in (case.expected / "mixpeek").rglob("*.py*")
        if path.suffix == ".pyi" or not path.with_suffix(".pyi").exists()
    ]
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            ".mypy_cache",
            *generated_modules,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test/generated"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout and "skipped" not in tests.stdout
