"""The committed openapi.json: valid OpenAPI 3.1, complete, self-consistent, in our own form.

These tests need only the repository: the names-only lists next to this file stand in for the reference data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from spec_builder.names import api_class_for_tag, is_python_identifier
from spec_builder.write import render

HERE = Path(__file__).resolve().parent
SPEC_PATH = HERE.parent.parent / "openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Operation = Tuple[str, str, Dict[str, Any]]


@pytest.fixture(scope="module")
def spec_text() -> str:
    return SPEC_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def spec(spec_text: str) -> Dict[str, Any]:
    document: Dict[str, Any] = json.loads(spec_text)
    return document


def operations(spec: Dict[str, Any]) -> Iterator[Operation]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def walk(node: Any) -> Iterator[Dict[str, Any]]:
    """Every JSON object inside a JSON value."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def resolve_pointer(document: Dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"external or malformed $ref {ref!r}"
    node: Any = document
    for raw in ref[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and key in node, f"$ref {ref!r} does not resolve"
        node = node[key]
    return node


def read_list(name: str) -> List[str]:
    return (HERE / name).read_text(encoding="utf-8").splitlines()


def test_spec_is_valid_openapi_3_1(spec: Dict[str, Any]) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    errors = [str(error)[:300] for error in OpenAPIV31SpecValidator(spec).iter_errors()]
    assert errors == []
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["version"] == "0.82"


def test_every_ref_resolves(spec: Dict[str, Any]) -> None:
    refs = {node["$ref"] for node in walk(spec) if isinstance(node.get("$ref"), str)}
    assert refs, "the spec should use references"
    for ref in sorted(refs):
        assert isinstance(resolve_pointer(spec, ref), dict)


def test_no_operation_declares_credential_headers(spec: Dict[str, Any]) -> None:
    for method, path, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            is_credential = parameter["name"].lower() in ("authorization", "x-namespace")
            assert not (parameter["in"] == "header" and is_credential), (method, path, parameter["name"])


def test_security_schemes_and_requirements(spec: Dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert set(schemes) == {"BearerAuth", "NamespaceHeader"}
    assert (schemes["BearerAuth"]["type"], schemes["BearerAuth"]["scheme"]) == ("http", "bearer")
    namespace = schemes["NamespaceHeader"]
    assert (namespace["type"], namespace["in"], namespace["name"]) == ("apiKey", "header", "X-Namespace")
    for _, _, operation in operations(spec):
        for requirement in operation["security"]:
            assert set(requirement) <= set(schemes)


def test_operation_ids_are_unique_python_identifiers(spec: Dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(spec)]
    assert len(ids) == len(set(ids))
    assert [name for name in ids if not is_python_identifier(name)] == []
    assert [name for name in ids if name.endswith("_0")] == []
    aliases = [
        alias for _, _, operation in operations(spec) for alias in operation.get("x-published-names", [])
    ]
    assert aliases and all(is_python_identifier(alias) for alias in aliases)


def test_operations_match_the_published_list(spec: Dict[str, Any]) -> None:
    expected = {}
    for line in read_list("operations-0.82.txt"):
        method, path, published = line.split(" ")
        expected[(method.lower(), path)] = published
    found = {(method, path): operation for method, path, operation in operations(spec)}
    assert set(found) == set(expected)
    for key, published in expected.items():
        operation = found[key]
        names = [operation["operationId"], *operation.get("x-published-names", [])]
        assert published in names, key


def test_accidents_keep_their_published_name_as_alias(spec: Dict[str, Any]) -> None:
    accidents = [line.split(" ") for line in read_list("operations-0.82.txt") if line.endswith("_0")]
    assert accidents, "the published list has accidental names"
    for method, path, published in accidents:
        operation = spec["paths"][path][method.lower()]
        assert published in operation["x-published-names"]
        new_words, old_words = operation["operationId"].split("_"), published.split("_")
        assert new_words[:2] == old_words[:2], "the new name keeps the action and its object"


def test_schemas_match_the_published_list(spec: Dict[str, Any]) -> None:
    names = set(spec["components"]["schemas"])
    assert names == set(read_list("schemas-0.82.txt"))
    assert {"Config1", "Pagination1"} <= names


def test_everything_has_a_description(spec: Dict[str, Any]) -> None:
    assert spec["info"]["description"]
    missing = [tag["name"] for tag in spec["tags"] if not tag.get("description")]
    for method, path, operation in operations(spec):
        where = f"{method} {path}"
        missing += [where] if not (operation.get("summary") and operation.get("description")) else []
        missing += [
            f"{where} {p['name']}" for p in operation.get("parameters", []) if not p.get("description")
        ]
        missing += [
            f"{where} {code}" for code, r in operation["responses"].items() if not r.get("description")
        ]
        if "requestBody" in operation and not operation["requestBody"].get("description"):
            missing.append(f"{where} body")
    for name, schema in spec["components"]["schemas"].items():
        missing += [name] if not schema.get("description") else []
        missing += [
            f"{name}.{p}" for p, s in schema.get("properties", {}).items() if not s.get("description")
        ]
    assert missing == []


def test_tags_give_one_api_class_each(spec: Dict[str, Any]) -> None:
    classes = [tag.get("x-mixpeek-api-class") or api_class_for_tag(tag["name"]) for tag in spec["tags"]]
    assert len(classes) == len(set(classes)) == 97
    used = {tag for _, _, operation in operations(spec) for tag in operation["tags"]}
    assert used == {tag["name"] for tag in spec["tags"]}


def test_execute_retriever_results_falls_back_to_documents(spec: Dict[str, Any]) -> None:
    properties = spec["components"]["schemas"]["ExecuteRetrieverResponse"]["properties"]
    assert properties["results"]["deprecated"] is True
    assert properties["results"]["x-fallback-property"] == "documents"
    assert "documents" in properties


def test_bodies_have_a_body_name_and_uploads_are_binary(spec: Dict[str, Any]) -> None:
    for method, path, operation in operations(spec):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            assert is_python_identifier(operation["x-body-name"]), (method, path)
        form = content.get("multipart/form-data", {}).get("schema", {}).get("properties", {})
        for field in ("file", "manifest_file"):
            if field in form:
                assert form[field]["format"] == "binary", (method, path, field)


def test_no_published_generator_extensions_remain(spec: Dict[str, Any]) -> None:
    leftovers = {key for node in walk(spec) for key in node if key.startswith(("x-python", "x-codegen"))}
    assert leftovers == set()


def test_file_is_in_canonical_form(spec: Dict[str, Any], spec_text: str) -> None:
    assert render(spec) == spec_text


def test_every_default_is_valid_for_its_schema(spec: Dict[str, Any]) -> None:
    import jsonschema  # type: ignore[import-untyped]  # (a dev dependency without type stubs)
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    base = "urn:mixpeek-spec"
    registry = Registry().with_resource(base, DRAFT202012.create_resource(spec))
    schemas: List[Tuple[str, Dict[str, Any]]] = []
    for name, schema in spec["components"]["schemas"].items():
        schemas += [(f"{name}.{p}", s) for p, s in schema.get("properties", {}).items()]
    for method, path, operation in operations(spec):
        schemas += [(f"{method} {path} {p['name']}", p["schema"]) for p in operation.get("parameters", [])]
    invalid = []
    checked = 0
    for where, schema in schemas:
        if "default" not in schema:
            continue
        checked += 1
        rule = json.loads(json.dumps(schema).replace('"#/components/', f'"{base}#/components/'))
        default = rule.pop("default")
        if not jsonschema.Draft202012Validator(rule, registry=registry).is_valid(default):
            invalid.append(where)
    assert checked > 1000
    assert invalid == []
