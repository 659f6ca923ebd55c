"""The calls the differential test makes through both packages, and the canned answers the server gives them.

Part (a), the generated layer: for every API class of the published surface
(``published-surface-1.3.783.json``) a sample of its methods, called with every parameter: required ones by
position in the published order, optional ones by keyword. Values come from the parameter's schema in
``openapi.json``; request bodies (required fields only) and canned responses (every field) from the schema's
samples in ``test/generated/model_samples.json`` (valid instances made by the generator), so each response
parses as the declared model on both sides.

Part (b), the high-level client: every public method of the published ``Mixpeek`` and its resources, in the
call forms the published client accepts. The server answers them by matching the request against the paths
of ``openapi.json`` (`answer_for_request`), except where a call carries its own answers.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[2]
SURFACE_FILE = Path(__file__).with_name("published-surface-1.3.783.json")
SAMPLES_FILE = ROOT / "test" / "generated" / "model_samples.json"
SPEC_FILE = ROOT / "openapi.json"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")

#: Operations whose file form field API 0.82 declares as a string (the published methods send a ``str`` as
#: the field's content); the calls pass text there.
STRING_FORM_OPERATIONS = frozenset(
    {"apply_manifest", "diff_manifest", "lint_manifest", "validate_manifest", "upload_model_namespaces"}
)
#: A path value with a space and a slash, so that both packages' encoding of path values is compared.
PATH_VALUE = "id 1/x"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def samples() -> dict[str, Any]:
    return json.loads(SAMPLES_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def surface() -> dict[str, Any]:
    return json.loads(SURFACE_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# ---- values from schemas ---------------------------------------------------------------------------------


def ref_name(schema: dict[str, Any]) -> Optional[str]:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def sample_for(schema: dict[str, Any], depth: int = 0, minimal: bool = False) -> Any:
    """A value valid for ``schema``: the generator's sample for models (all fields, or with ``minimal`` only
    the required ones), a simple value otherwise."""
    name = ref_name(schema)
    if name is not None:
        if name in samples():
            return copy.deepcopy(samples()[name]["minimal" if minimal else "full"])
        return sample_for(spec()["components"]["schemas"][name], depth + 1, minimal)
    for key in ("oneOf", "anyOf", "allOf"):
        members = [member for member in schema.get(key, []) if member.get("type") != "null"]
        if members:
            return sample_for(members[0], depth + 1, minimal)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string":
        formats = {"date-time": "2024-01-02T03:04:05Z", "date": "2024-01-02"}
        return formats.get(schema.get("format", ""), "sample")
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 0.5))
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample_for(schema.get("items", {}), depth + 1)] if depth < 8 else []
    if kind == "object" and depth < 8:
        properties = schema.get("properties", {})
        return {key: sample_for(properties[key], depth + 1) for key in schema.get("required", [])}
    return {}


# ---- part (a): generated methods -------------------------------------------------------------------------


def api_class_of(operation: dict[str, Any]) -> str:
    return operation["tags"][0].replace(" ", "") + "Api"


@cache
def operations_by_published_name() -> dict[tuple[str, str], tuple[str, str, dict[str, Any]]]:
    """(API class, published method name) -> (HTTP method, path, operation) from ``openapi.json``."""
    found: dict[tuple[str, str], tuple[str, str, dict[str, Any]]] = {}
    for path, item in spec()["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            names = [operation["operationId"], *operation.get("x-published-names", [])]
            for tag in operation["tags"]:
                for name in names:
                    found[(tag.replace(" ", "") + "Api", name)] = (method, path, operation)
    return found


def json_body_schema(operation: dict[str, Any]) -> Optional[dict[str, Any]]:
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")  # type: ignore[no-any-return]


def form_schema(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("multipart/form-data", {}).get("schema", {})  # type: ignore[no-any-return]


def argument_value(name: str, operation: dict[str, Any]) -> Any:
    """The value the call passes for the published parameter ``name`` (``var_async`` is the wire's ``async``,
    ``x_public_api_key`` the header ``X-Public-API-Key``)."""
    python_name = name[len("var_") :] if name.startswith("var_") else name
    for parameter in operation.get("parameters", []):
        if parameter["name"].lower().replace("-", "_") == python_name:
            if parameter["in"] == "path":
                return PATH_VALUE
            return sample_for(parameter.get("schema", {}))
    form_property = form_schema(operation).get("properties", {}).get(name)
    if form_property is not None:
        if form_property.get("format") == "binary" and operation["operationId"] in STRING_FORM_OPERATIONS:
            return "name: sent as text\n"
        if form_property.get("format") == "binary":
            return {"__file__": ["upload.txt", "file content"]}
        return sample_for(form_property)
    body = json_body_schema(operation)
    if body is None:
        raise LookupError(f"{operation['operationId']}: no value for parameter {name!r}")
    model = ref_name(body)
    data = sample_for(body, minimal=True)
    return {"__model__": model, "data": data} if model is not None and isinstance(data, dict) else data


def success_body(operation: dict[str, Any]) -> Any:
    for status in sorted(operation.get("responses", {})):
        if status.startswith("2"):
            content = operation["responses"][status].get("content", {})
            schema = content.get("application/json", {}).get("schema")
            return None if schema is None else sample_for(schema)
    return None


def richness(operation: dict[str, Any]) -> tuple[int, ...]:
    """Prefer methods that exercise more of the request: a body, path values, query values, a response."""
    places = {parameter["in"] for parameter in operation.get("parameters", [])}
    return (
        "requestBody" in operation,
        "path" in places,
        "query" in places,
        success_body(operation) is not None,
    )


def sampled_methods(class_name: str, methods: dict[str, Any]) -> list[str]:
    """The first method of the class in name order, and the one whose call exercises the most."""
    known = [name for name in sorted(methods) if (class_name, name) in operations_by_published_name()]
    if not known:
        return []
    richest = max(known, key=lambda name: richness(operations_by_published_name()[(class_name, name)][2]))
    return sorted({known[0], richest})


def generated_call(class_name: str, method_name: str, published_params: list[str]) -> dict[str, Any]:
    http_method, path, operation = operations_by_published_name()[(class_name, method_name)]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in published_params:
        name = param.rstrip("?")
        value = argument_value(name, operation)
        if param.endswith("?"):
            kwargs[name] = value
        else:
            args.append(value)
    body = success_body(operation)
    return {
        "id": f"{class_name}.{method_name}",
        "kind": "api",
        "class": class_name,
        "method": method_name,
        "args": args,
        "kwargs": kwargs,
        "operation": f"{http_method.upper()} {path}",
        "responses": [{"status": 200, "body": body}],
    }


def date_time_query_names(operation: dict[str, Any]) -> set[str]:
    return {
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter.get("schema", {}).get("format") == "date-time"
    }


def with_datetime_objects(call: dict[str, Any]) -> dict[str, Any]:
    """The same call with ``datetime`` objects (aware) instead of text for its date-time query values."""
    _, _, operation = operations_by_published_name()[(call["class"], call["method"])]
    names = date_time_query_names(operation)
    variant = copy.deepcopy(call)
    variant["id"] += "[datetime]"
    for name in names & set(variant["kwargs"]):
        variant["kwargs"][name] = {"__datetime__": "2024-01-02T03:04:05+00:00"}
    return variant


def generated_calls() -> list[dict[str, Any]]:
    """Part (a): a sample of generated methods, at least one per published API class; calls with date-time
    query values also once with ``datetime`` objects."""
    calls = []
    for class_name, methods in sorted(surface()["api_classes"].items()):
        for method_name in sampled_methods(class_name, methods):
            call = generated_call(class_name, method_name, methods[method_name]["params"])
            calls.append(call)
            if date_time_query_names(operations_by_published_name()[(class_name, method_name)][2]):
                calls.append(with_datetime_objects(call))
    return calls


def unsampled_classes() -> list[str]:
    """Published API classes without any method the calls can reach (should be none)."""
    return [name for name, methods in surface()["api_classes"].items() if not sampled_methods(name, methods)]


# ---- answers by path -------------------------------------------------------------------------------------


@cache
def path_patterns() -> list[tuple[str, re.Pattern[str], dict[str, Any]]]:
    """(HTTP method, compiled path template, operation), templates with fewer variables first."""
    patterns = []
    for path, item in spec()["paths"].items():
        regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method in HTTP_METHODS:
            if method in item:
                patterns.append((path.count("{"), method.upper(), regex, item[method]))
    patterns.sort(key=lambda entry: entry[0])
    return [(method, regex, operation) for _, method, regex, operation in patterns]


def answer_for_request(method: str, raw_path: str) -> dict[str, Any]:
    """A 200 with the sample response of the operation the request addresses, or a 404 if none matches."""
    for http_method, regex, operation in path_patterns():
        if http_method == method and regex.match(raw_path):
            return {"status": 200, "body": success_body(operation) or {}}
    return {"status": 404, "body": {"detail": f"no operation {method} {raw_path}"}}
