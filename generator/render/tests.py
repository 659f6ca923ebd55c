"""Renders ``test/generated/``: a test module per API class, the model round-trip test and its samples,
the export-table test and the shared assertions."""

from __future__ import annotations

import json

from generator.imports import sort_imports
from generator.ir import Import, OperationTest, Package
from generator.models import MODELS_PACKAGE
from generator.render.common import header, render_template

TEST_DIR = "test/generated"


def _imports(api_module: str, api_class: str, tests: list[OperationTest]) -> tuple[Import, ...]:
    needed: dict[str, set[str]] = {
        f"mixpeek.api.{api_module}": {api_class},
        "test.generated._support": {"assert_sdk_headers"} if tests else set(),
    }
    for test in tests:
        if test.response_check not in ("is_none", "none"):
            needed["test.generated._support"].add("json_body")
        if test.expected_body_source is not None and not test.multipart:
            needed["test.generated._support"].add("assert_json_contains")
        if test.response_check in ("model", "union"):
            needed["test.generated._support"].add("assert_model_contains")
        if test.response_check == "adapter":
            needed.setdefault("pydantic", set()).add("TypeAdapter")
        if test.response_model:
            needed.setdefault(MODELS_PACKAGE, set()).add(test.response_model)
        for name in test.response_union:
            needed.setdefault(MODELS_PACKAGE, set()).add(name)
        for name in test.body_models:
            needed.setdefault(MODELS_PACKAGE, set()).add(name)
    return sort_imports({module: names for module, names in needed.items() if names})


def _type_checking_imports(tests: list[OperationTest]) -> tuple[Import, ...]:
    needed = {"mixpeek.api_client": {"ApiClient"}}
    if tests:
        needed["test.support.servers"] = {"RecordingServer"}
    return sort_imports(needed)


def render(package: Package) -> dict[str, str]:
    files: dict[str, str] = {
        f"{TEST_DIR}/__init__.py": header(package) + "\n",
        f"{TEST_DIR}/_support.py": render_template("tests/support.py.j2", header=header(package)),
    }
    for api in package.api_classes:
        tests = [test for test in package.operation_tests if test.api_class == api.name]
        aliases = [
            (f"{alias}{suffix}", f"{op.name}{suffix}")
            for op in api.operations
            for alias in op.aliases
            for suffix in ("", "_with_http_info", "_without_preload_content")
        ]
        required = {op.name: {p.name for p in op.params if p.required} for op in api.operations}
        # Required parameters are passed positionally (as published), the others by keyword.
        arguments = {
            test.operation.name: [
                arg.source if arg.name in required[test.operation.name] else f"{arg.name}={arg.source}"
                for arg in test.args
            ]
            for test in tests
        }
        files[f"{TEST_DIR}/test_{api.module}.py"] = render_template(
            "tests/api_test.py.j2",
            header=header(package),
            api=api,
            tests=tests,
            imports=_imports(api.module, api.name, tests),
            type_checking_imports=_type_checking_imports(tests),
            aliases=aliases,
            arguments=arguments,
            uses_json=any(test.covers_variants for test in tests),
        )
    samples = {
        sample.name: {
            "minimal": json.loads(sample.sample_json),
            "full": json.loads(sample.full_json),
            **({"additional_properties": True} if sample.additional_properties else {}),
        }
        for sample in package.model_samples
    }
    files[f"{TEST_DIR}/model_samples.json"] = json.dumps(samples, indent=1, sort_keys=True) + "\n"
    unions = {sample.name: json.loads(sample.sample_json) for sample in package.union_samples}
    files[f"{TEST_DIR}/union_samples.json"] = json.dumps(unions, indent=1, sort_keys=True) + "\n"
    files[f"{TEST_DIR}/test_models.py"] = render_template(
        "tests/models_test.py.j2",
        header=header(package),
        has_additional_properties=any(sample.additional_properties for sample in package.model_samples),
        has_unions=bool(package.union_samples),
    )
    files[f"{TEST_DIR}/test_package.py"] = render_template(
        "tests/package_test.py.j2",
        header=header(package),
        version=package.version,
        api_version=package.api_version,
        probe_api_module=package.api_classes[0].module if package.api_classes else "",
        required_names=[export.name for export in package.extra_exports],
        shadowing_names=[export.name for export in package.api_extensions],
    )
    return files
