"""The generated operation descriptors: with the runtime's defaults applied they say exactly what openapi.json
says, and they state no field at its default (see `generator/descriptors.py`).

The facts are read from openapi.json directly (method, path, parameters with their wire names, locations and
required flags, the body, media types, security, the errors' models); the generator is consulted only for what
it alone decides: the class and method names, Python parameter names and type expressions. The values in
effect are the ones the runtime uses: the descriptor's fields and its plan (`mixpeek._runtime.plan`).
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import pkgutil
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Optional

import pytest

import mixpeek.api
from generator import ir
from generator.config import load_config
from generator.parse import build_package
from generator.spec import first_media, load_spec
from mixpeek._runtime.operation import (
    COMMON_ERROR_MODEL,
    DEFAULT_SECURITY,
    JSON_MEDIA,
    Operation,
    default_content_type,
    default_idempotent,
)
from mixpeek._runtime.plan import plan_for

ROOT = Path(__file__).resolve().parents[2]
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
#: The API's rule for operations safe to repeat: these methods, and the read-only POST .../list endpoints.
SAFE_METHODS = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")


class Case(NamedTuple):
    """One operation of one API class: its raw spec object, the generator's view of it and its descriptor."""

    label: str
    path: str
    method: str
    raw: Mapping[str, Any]
    planned: ir.Operation
    descriptor: Operation


@functools.lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    return loaded


@functools.lru_cache(maxsize=1)
def _descriptors() -> Mapping[str, Operation]:
    found: dict[str, Operation] = {}
    for module_info in pkgutil.iter_modules(mixpeek.api.__path__):
        module = importlib.import_module(f"mixpeek.api.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation):
                found[value.label] = value
    return found


@functools.lru_cache(maxsize=1)
def _cases() -> tuple[Case, ...]:
    package = build_package(
        load_spec(ROOT / "openapi.json"), load_config(ROOT / "openapi-generator-config.yaml"), "openapi.json"
    )
    planned_by_route: dict[tuple[str, str], list[tuple[str, ir.Operation]]] = defaultdict(list)
    for api_class in package.api_classes:
        for operation in api_class.operations:
            planned_by_route[(operation.http_method, operation.path)].append((api_class.name, operation))
    cases = []
    for path, item in _document()["paths"].items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            for class_name, planned in planned_by_route[(method.upper(), path)]:
                label = f"{class_name}.{planned.name}"
                descriptor = _descriptors()[label]
                cases.append(Case(label, path, method.upper(), item[method], planned, descriptor))
    return tuple(cases)


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = _document()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _spec_params(raw: Mapping[str, Any]) -> list[tuple[str, str, bool, bool]]:
    """(location, wire name, required, is a file) of every parameter the spec gives; a JSON body is one
    parameter whose name is the generator's (it never goes on the wire)."""
    found = []
    for parameter in raw.get("parameters") or []:
        parameter = _resolve(parameter)
        location = parameter["in"]
        found.append(
            (location, parameter["name"], bool(parameter.get("required")) or location == "path", False)
        )
    body = _resolve(raw["requestBody"]) if raw.get("requestBody") else None
    if body is not None:
        media, schema = first_media(body.get("content") or {JSON_MEDIA: {}})
        if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = _resolve(schema or {})
            required = set(form.get("required") or [])
            for wire, prop in (form.get("properties") or {}).items():
                found.append(("form", wire, wire in required, prop.get("format") == "binary"))
        else:
            found.append(("body", "", bool(body.get("required")), False))
    return sorted(found)


def _statuses(raw: Mapping[str, Any]) -> dict[str, Optional[str]]:
    """Each status of the spec's responses -> the name of its schema (None when no named schema)."""
    found: dict[str, Optional[str]] = {}
    for status, response in (raw.get("responses") or {}).items():
        content = _resolve(response).get("content") or {}
        schema = first_media(content)[1] if content else None
        found[str(status)] = schema["$ref"].rsplit("/", 1)[-1] if schema and "$ref" in schema else None
    return found


def _success_media(raw: Mapping[str, Any]) -> str:
    for status, response in (raw.get("responses") or {}).items():
        if str(status).startswith("2"):
            content = _resolve(response).get("content") or {}
            return first_media(content)[0] if content else JSON_MEDIA
    return JSON_MEDIA


def _is_success(status: str) -> bool:
    return status.startswith("2") or status == "default"


def test_every_spec_operation_has_its_descriptor() -> None:
    routes = {(m.upper(), p) for p, item in _document()["paths"].items() for m in HTTP_METHODS if m in item}
    assert {(case.method, case.path) for case in _cases()} == routes
    assert len(_cases()) == len(_descriptors())


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.label)
def test_the_descriptor_in_effect_says_what_the_spec_says(case: Case) -> None:
    op, raw, plan = case.descriptor, case.raw, plan_for(case.descriptor)
    assert (op.api, op.name, plan.label) == (case.label.split(".")[0], case.planned.name, case.label)
    assert (plan.method, op.path) == (case.method, case.path)

    stated = sorted(
        (p.location, "" if p.location == "body" else p.wire, p.required, p.is_file) for p in op.params
    )
    assert stated == _spec_params(raw)
    assert [p.name for p in op.params] == [p.name for p in case.planned.params]  # the method's order
    assert [p.type for p in op.params] == [p.descriptor_type or "Any" for p in case.planned.params]

    statuses = _statuses(raw)
    expressions = dict(case.planned.responses)
    assert {s: op.responses[s] for s in op.responses if _is_success(s)} == {
        s: expressions[s] for s in statuses if _is_success(s)
    }
    errors = {s: model for s, model in statuses.items() if not _is_success(s)}
    assert {s: op.responses[s] for s in op.responses if not _is_success(s)} == {
        s: model for s, model in errors.items() if model != COMMON_ERROR_MODEL
    }

    body = _resolve(raw["requestBody"]) if raw.get("requestBody") else None
    sent_media = first_media(body.get("content") or {JSON_MEDIA: {}})[0] if body else None
    assert plan.content_type == (None if case.method in ("GET", "HEAD") else sent_media)
    assert plan.response_media == _success_media(raw)
    requirements = raw.get("security", _document().get("security") or [])
    assert set(op.security) == {scheme for requirement in requirements for scheme in requirement}
    assert (plan.bearer, plan.namespace) == ("BearerAuth" in op.security, "NamespaceHeader" in op.security)
    list_read = case.method == "POST" and case.path.rstrip("/").endswith("/list")
    assert plan.idempotent is (case.method in SAFE_METHODS or list_read)
    assert op.retired == tuple(raw.get("x-retired-parameters") or ())


# --- no default is stated ---------------------------------------------------------------------------------
def _calls(tree: ast.AST, name: str) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            yield node


def _keywords(call: ast.Call) -> dict[str, Any]:
    return {str(keyword.arg): ast.literal_eval(keyword.value) for keyword in call.keywords}


def _restated_defaults(source: str) -> list[str]:
    """Each descriptor field of a generated module's source that states its default."""
    found = []
    tree = ast.parse(source)
    for call in _calls(tree, "Param"):
        given = _keywords(call)
        where = f"Param {given['name']}"
        if given.get("wire") == given["name"]:
            found.append(f"{where}: wire equals the name")
        found += [
            f"{where}: {key}={given[key]!r}" for key in ("required", "is_file") if given.get(key) is False
        ]
        if given.get("type") == "Any":
            found.append(f"{where}: type='Any'")
    for call in _calls(tree, "Operation"):
        given = _keywords_without_params(call)
        where = f"Operation {given['name']}"
        locations = [_keywords(param)["location"] for param in _calls(call, "Param")]
        defaults = {
            "content_type": default_content_type(locations),
            "response_media": JSON_MEDIA,
            "security": DEFAULT_SECURITY,
            "idempotent": default_idempotent(given["method"]),
            "retired": (),
            "params": (),
        }
        found += [
            f"{where}: {key}" for key, default in defaults.items() if key in given and given[key] == default
        ]
        if "api" in given:
            found.append(f"{where}: api (the class binds it)")
        found += [
            f"{where}: error {status} is the common error model"
            for status, model in given["responses"].items()
            if not _is_success(status) and model == COMMON_ERROR_MODEL
        ]
    return found


def _keywords_without_params(call: ast.Call) -> dict[str, Any]:
    given = {}
    for keyword in call.keywords:
        if keyword.arg == "params":
            given["params"] = () if not _elements(keyword.value) else ("...",)
        else:
            given[str(keyword.arg)] = ast.literal_eval(keyword.value)
    return given


def _elements(node: ast.expr) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.Tuple) else [node]


def test_generated_descriptors_state_no_default() -> None:
    restated = []
    modules = sorted((ROOT / "mixpeek" / "api").glob("*_api.py"))
    for module in modules:
        restated += [
            f"{module.name}: {item}" for item in _restated_defaults(module.read_text(encoding="utf-8"))
        ]
    assert len(modules) > 50 and not restated, "\n".join(restated[:20])


def test_the_default_check_sees_a_restated_default() -> None:
    source = """
_X = Operation(
    name="x", api="XApi", method="GET", path="/x",
    params=(Param(name="a", location="query", required=False, wire="a", type="Any"),),
    responses={"200": "X", "404": "ErrorResponse"}, security=("BearerAuth", "NamespaceHeader"),
    idempotent=True, content_type=None, response_media="application/json",
)
"""
    assert len(_restated_defaults(source)) == 9
