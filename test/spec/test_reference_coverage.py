"""The committed spec against the reference data: same facts, none of its prose, and up to date.

Skipped, with a message, where ../shared/reference is not present (the suite itself never needs it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from spec_builder.build import build_spec
from spec_builder.load import DEFAULT_FACTS, DEFAULT_PREVIOUS
from spec_builder.name_lists import operation_lines, schema_lines
from spec_builder.names import api_class_for_tag
from spec_builder.overlay import iter_texts, load_overlay
from spec_builder.write import render

HERE = Path(__file__).resolve().parent
SPEC_PATH = HERE.parent.parent / "openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

pytestmark = pytest.mark.skipif(
    not (DEFAULT_FACTS.exists() and DEFAULT_PREVIOUS.exists()),
    reason=f"reference data not present at {DEFAULT_FACTS.parent}; test_committed_spec covers the names",
)


@pytest.fixture(scope="module")
def facts() -> Dict[str, Any]:
    return dict(json.loads(DEFAULT_FACTS.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def previous() -> Dict[str, Any]:
    return dict(json.loads(DEFAULT_PREVIOUS.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def ours() -> Dict[str, Any]:
    return dict(json.loads(SPEC_PATH.read_text(encoding="utf-8")))


def operations(spec: Dict[str, Any]) -> Iterator[Tuple[str, str, Dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def media_facts(content: Dict[str, Any]) -> Dict[str, Any]:
    """Media type -> the schema's $ref (or its property names for inline schemas)."""
    out: Dict[str, Any] = {}
    for media, body in content.items():
        schema = body.get("schema", {})
        out[media] = schema.get("$ref") or sorted(schema.get("properties", {})) or schema.get("type")
    return out


def operation_facts(operation: Dict[str, Any]) -> Dict[str, Any]:
    body = operation.get("requestBody")
    return {
        "tags": operation["tags"],
        # Order aside: an operation whose parameters did not change keeps the published order (spec_builder).
        "parameters": sorted((p["name"], p["in"], p["required"]) for p in operation.get("parameters", [])),
        "body": None if body is None else (body.get("required"), media_facts(body["content"])),
        "responses": {code: media_facts(r.get("content", {})) for code, r in operation["responses"].items()},
        "security": operation["security"],
        "deprecated": operation.get("deprecated", False),
        "body name": operation.get("x-body-name", operation.get("x-codegen-request-body-name")),
    }


def test_committed_spec_is_what_the_builder_makes(facts: Dict[str, Any], previous: Dict[str, Any]) -> None:
    document, _ = build_spec(facts, previous, load_overlay())
    assert render(document) == SPEC_PATH.read_text(encoding="utf-8"), "run: python -m spec_builder"


def test_committed_name_lists_are_current(facts: Dict[str, Any]) -> None:
    assert (HERE / "operations-0.82.txt").read_text().splitlines() == operation_lines(facts)
    assert (HERE / "schemas-0.82.txt").read_text().splitlines() == schema_lines(facts)


def test_every_operation_has_the_facts_of_the_reference(facts: Dict[str, Any], ours: Dict[str, Any]) -> None:
    expected = {(m, p): operation_facts(op) for m, p, op in operations(facts)}
    found = {(m, p): operation_facts(op) for m, p, op in operations(ours)}
    assert len(found) == len(expected) == 565
    assert found == expected


def test_every_schema_has_the_names_of_the_reference(facts: Dict[str, Any], ours: Dict[str, Any]) -> None:
    def outline(schema: Dict[str, Any]) -> Tuple[List[str], List[str], Any]:
        return list(schema.get("properties", {})), sorted(schema.get("required", [])), schema.get("enum")

    theirs = facts["components"]["schemas"]
    mine = ours["components"]["schemas"]
    assert len(mine) == len(theirs) == 1351
    assert {name: outline(s) for name, s in mine.items()} == {name: outline(s) for name, s in theirs.items()}


def test_tags_reproduce_every_published_class(facts: Dict[str, Any], ours: Dict[str, Any]) -> None:
    class_of = {
        tag["name"]: tag.get("x-mixpeek-api-class") or api_class_for_tag(tag["name"]) for tag in ours["tags"]
    }
    for method, path, operation in operations(facts):
        published = [operation["x-python-class"]] + [a["class"] for a in operation.get("x-python-also", [])]
        assert [class_of[tag] for tag in operation["tags"]] == published, (method, path)


def test_every_published_method_name_stays_reachable(facts: Dict[str, Any], ours: Dict[str, Any]) -> None:
    for method, path, operation in operations(facts):
        mine = ours["paths"][path][method]
        names = {mine["operationId"], *mine.get("x-published-names", [])}
        published = {operation["x-python-method"]} | {a["method"] for a in operation.get("x-python-also", [])}
        assert published <= names, (method, path)


def texts(spec: Dict[str, Any]) -> Iterator[str]:
    """Every description, summary and title of a spec."""
    stack: List[Any] = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("description", "summary", "title") and isinstance(value, str):
                    yield value
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def word_runs(text: str, length: int) -> Iterator[Tuple[str, ...]]:
    """Every run of `length` consecutive words of a text, lower-cased."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    for start in range(len(words) - length + 1):
        yield tuple(words[start : start + length])


def test_hand_written_texts_share_no_six_word_run_with_the_reference(
    facts: Dict[str, Any], previous: Dict[str, Any]
) -> None:
    """The overlay is written in our own words: no run of six words of it occurs in the reference prose."""
    theirs = {run for spec in (facts, previous) for text in texts(spec) for run in word_runs(text, 6)}
    shared = [
        f"{where}: {' '.join(run)}"
        for where, text in iter_texts(load_overlay())
        for run in word_runs(text, 6)
        if run in theirs
    ]
    assert shared == []


def test_no_prose_of_the_previous_spec_is_reused(previous: Dict[str, Any], ours: Dict[str, Any]) -> None:
    # Short phrases made from names ("List benchmarks", "Namespace model.") coincide by construction:
    # both specs derive them from the same names. Anything of six words or more would be prose.
    their_prose = {text.strip() for text in texts(previous) if len(text.split()) >= 6}
    reused = sorted({text for text in texts(ours) if text.strip() in their_prose})
    assert reused == []
