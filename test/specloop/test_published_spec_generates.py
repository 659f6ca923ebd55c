"""A real published spec (0.81, as published, with its defects) goes through spec_builder and the generator.

The generated package is written into a temporary project next to a copy of the hand-written runtime; a
fresh interpreter imports every export, and every (HTTP method, path) of the published spec must be a method
of some generated class. Skipped, with a message, where ../shared/reference is not present.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.__main__ import main as generator_main
from spec_builder.__main__ import main as spec_builder_main
from spec_builder.load import REFERENCE_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PUBLISHED_081 = REFERENCE_DIR / "mixpeek-openapi-0.81.json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: Hand-written modules an export of the project's config may name; only the runtime is copied.
HAND_WRITTEN_AREAS = ("mixpeek.client", "mixpeek.extensions")

pytestmark = pytest.mark.skipif(
    not PUBLISHED_081.exists(), reason=f"the published 0.81 spec is not present at {PUBLISHED_081}"
)

#: Run in the generated project: import every export, then list (METHOD, path, class, method, present).
INSPECT = """
import importlib, inspect, json, pkgutil, sys
import mixpeek, mixpeek.api
from mixpeek._runtime.operation import Operation
for name in mixpeek.__all__:
    getattr(mixpeek, name)
rows = []
for info in pkgutil.iter_modules(mixpeek.api.__path__):
    module = importlib.import_module("mixpeek.api." + info.name)
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
    for value in vars(module).values():
        if isinstance(value, Operation):
            owner = next(c for c in classes if c.__name__ == value.api)
            present = callable(getattr(owner, value.name, None))
            rows.append([value.method, value.path, value.api, value.name, present])
json.dump({"file": mixpeek.__file__, "exports": len(mixpeek.__all__), "operations": rows}, sys.stdout)
"""


def _runtime_copy(root: Path) -> None:
    """The hand-written runtime of this checkout under ``root/mixpeek`` (the generator adds the rest), and
    the test support the generated tests use (with its server scaffold, benchmarks/_serving.py)."""
    package = PROJECT_ROOT / "mixpeek"
    (root / "mixpeek").mkdir(parents=True)
    for module in package.glob("*.py"):
        if module.name != "__init__.py":
            shutil.copy(module, root / "mixpeek" / module.name)
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
    (root / "benchmarks").mkdir()
    shutil.copy(PROJECT_ROOT / "benchmarks" / "_serving.py", root / "benchmarks" / "_serving.py")


def _config_without_hand_written_areas(path: Path) -> None:
    """The project's config, minus what refers to hand-written areas this spec version cannot carry."""
    raw: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "openapi-generator-config.yaml").read_text())
    raw.pop("apiExtensions", None)
    raw["extraExports"] = {
        module: names
        for module, names in raw.get("extraExports", {}).items()
        if not module.startswith(HAND_WRITTEN_AREAS)
    }
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")


def _spec_operations(spec: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in HTTP_METHODS
        if method in item
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("published-0.81")
    spec_path, config_path = root / "openapi.json", root / "config.yaml"
    # the project's description overlay names 0.82's operations and fields: a 0.81 build goes without it
    no_overlay = root / "no-overlay.yaml"
    no_overlay.write_text("{}\n", encoding="utf-8")
    built = spec_builder_main(
        [
            "--facts",
            str(PUBLISHED_081),
            "--previous",
            str(PUBLISHED_081),
            "--overlay",
            str(no_overlay),
            "--out",
            str(spec_path),
            "--quiet",
        ]
    )
    assert built == 0
    _config_without_hand_written_areas(config_path)
    _runtime_copy(root)
    assert generator_main(["--root", str(root), "--spec", str(spec_path), "--config", str(config_path)]) == 0
    inspected = subprocess.run(
        [sys.executable, "-c", INSPECT], cwd=root, capture_output=True, text=True, check=False
    )
    assert inspected.returncode == 0, inspected.stderr
    return root, json.loads(inspected.stdout)


def test_the_generated_package_is_the_temporary_one_and_every_export_imports(
    generated: tuple[Path, dict[str, Any]],
) -> None:
    root, report = generated
    assert Path(report["file"]).resolve().is_relative_to(root.resolve())
    assert report["exports"] > 800  # 816 schemas and ~80 API classes, each imported by the subprocess


def test_every_published_operation_is_a_method_of_a_generated_class(
    generated: tuple[Path, dict[str, Any]],
) -> None:
    _, report = generated
    published = _spec_operations(json.loads(PUBLISHED_081.read_text(encoding="utf-8")))
    rows = report["operations"]
    assert {(method, path) for method, path, *_ in rows} == published
    missing = [row for row in rows if not row[4]]
    assert missing == []


def test_the_generated_tests_of_the_published_spec_pass(generated: tuple[Path, dict[str, Any]]) -> None:
    root, _ = generated
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test/generated"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout


def test_tags_spelt_two_ways_give_one_class_holding_each_operation_once(
    generated: tuple[Path, dict[str, Any]],
) -> None:
    _, report = generated
    marketplace = [row for row in report["operations"] if row[1].startswith("/v1/marketplace/")]
    assert marketplace and {row[2] for row in marketplace} == {"MarketplaceApi"}
    assert len(marketplace) == len({(row[0], row[1]) for row in marketplace})
