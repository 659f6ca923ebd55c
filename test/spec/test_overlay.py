"""The hand-written descriptions: how the overlay merges, how it refuses names the spec does not have, how
much of the API it covers, and the grammar of the mechanical texts it replaces."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest

from spec_builder import describe
from spec_builder.overlay import OverlayError, apply_overlay, iter_texts, load_overlay
from spec_builder.paths import iter_operations

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = PROJECT_ROOT / "openapi.json"
# The operations a user meets first (issue 12): every operation of these tags, and every field of their
# request and response models, has a hand-written text.
COVERED_TAGS = (
    "Namespaces",
    "BYO Documents",
    "Namespace Clone",
    "Collections",
    "Collection Documents",
    "Documents",
    "Buckets",
    "Bucket Objects",
    "Bucket Uploads",
    "Retrievers",
    "Taxonomies",
    "Tasks",
    "Webhooks",
)


def small_spec() -> Dict[str, Any]:
    return {
        "paths": {
            "/v1/widgets/{widget_id}": {
                "get": {
                    "operationId": "get_widget",
                    "summary": "Get widget",
                    "description": "Get widget. Needs an API key.",
                    "parameters": [
                        {"name": "widget_id", "in": "path", "description": "Widget id."},
                        {"name": "verbose", "in": "query", "description": "The verbose."},
                    ],
                    "responses": {"200": {"description": "Success."}},
                },
                "put": {
                    "operationId": "put_widget",
                    "parameters": [{"name": "widget_id", "in": "path", "description": "Widget id."}],
                    "requestBody": {"description": "The fields to send.", "content": {}},
                    "responses": {"200": {"description": "Success."}},
                },
            }
        },
        "components": {
            "schemas": {
                "Widget": {
                    "description": "The widget.",
                    "properties": {"name": {"type": "string"}, "widget_id": {"type": "string"}},
                }
            }
        },
    }


def test_overlay_texts_replace_the_mechanical_ones() -> None:
    spec = small_spec()
    overlay = {
        "operations": {
            "get_widget": {"summary": "Get a widget", "description": "Returns one widget by its ID."},
            "put_widget": {"description": "Replaces a widget.", "body": "The widget's new fields."},
        },
        "shared_parameters": {"widget_id": "The ID of the widget."},
        "schemas": {
            "Widget": {"description": "A thing we sell.", "fields": {"name": "What  it is\n called."}}
        },
        "shared_fields": {"widget_id": "Its ID."},
    }
    counts = apply_overlay(spec, overlay)
    item = spec["paths"]["/v1/widgets/{widget_id}"]
    assert item["get"]["summary"] == "Get a widget"
    assert item["get"]["description"] == "Returns one widget by its ID."
    assert [p["description"] for p in item["get"]["parameters"]] == ["The ID of the widget.", "The verbose."]
    assert item["put"]["requestBody"]["description"] == "The widget's new fields."
    widget = spec["components"]["schemas"]["Widget"]
    assert widget["description"] == "A thing we sell."
    assert widget["properties"]["name"]["description"] == "What it is called."  # spaces normalised
    assert widget["properties"]["widget_id"]["description"] == "Its ID."
    assert counts["operations"] == 2 and counts["parameters (shared text)"] == 2
    assert counts["schemas"] == 1 and counts["fields"] == 1 and counts["fields (shared text)"] == 1


def test_own_text_wins_over_the_shared_one() -> None:
    spec = small_spec()
    overlay = {
        "operations": {"get_widget": {"parameters": {"widget_id": "The widget to read."}}, "put_widget": {}},
        "shared_parameters": {"widget_id": "The ID of the widget."},
    }
    apply_overlay(spec, overlay)
    item = spec["paths"]["/v1/widgets/{widget_id}"]
    assert item["get"]["parameters"][0]["description"] == "The widget to read."
    assert item["put"]["parameters"][0]["description"] == "The ID of the widget."


@pytest.mark.parametrize(
    ("overlay", "message"),
    [
        ({"operations": {"get_gadget": {"description": "x"}}}, "operations.get_gadget: no operation"),
        (
            {"operations": {"get_widget": {"parameters": {"colour": "x"}}}},
            "operations.get_widget.parameters.colour: the operation has no such parameter",
        ),
        (
            {"operations": {"get_widget": {"body": "x"}}},
            "operations.get_widget.body: the operation has no request",
        ),
        ({"operations": {"get_widget": {"descripton": "x"}}}, "unknown key 'descripton'"),
        ({"schemas": {"Gadget": {"description": "x"}}}, "schemas.Gadget: no such schema"),
        (
            {"schemas": {"Widget": {"fields": {"colour": "x"}}}},
            "schemas.Widget.fields.colour: the schema has no",
        ),
        ({"shared_fields": {"name": "x"}}, "shared_fields.name: no listed schema has this field"),
        ({"shared_parameters": {"verbose": "x"}}, "shared_parameters.verbose: no listed operation"),
        ({"operation": {}}, "unknown section 'operation'"),
        ({"operations": {"get_widget": {"description": "  "}}}, "expected a non-empty text"),
    ],
)
def test_names_the_spec_does_not_have_fail_the_merge(overlay: Dict[str, Any], message: str) -> None:
    with pytest.raises(OverlayError, match=re.escape(message)):
        apply_overlay(small_spec(), overlay)


def test_every_misfit_is_reported_at_once() -> None:
    overlay = {"operations": {"a": {}, "b": {}}, "schemas": {"C": {}}}
    with pytest.raises(OverlayError) as raised:
        apply_overlay(small_spec(), overlay)
    assert all(f"{name}: no" in str(raised.value) for name in ("operations.a", "operations.b", "schemas.C"))


def test_committed_spec_carries_the_overlay() -> None:
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    merged = copy.deepcopy(spec)
    apply_overlay(merged, load_overlay())
    assert merged == spec, "run: python -m spec_builder"


def test_overlay_texts_leave_structure_to_the_generator() -> None:
    structural = re.compile(
        r"`(?:GET|POST|PUT|PATCH|DELETE) /|\((?:in the path|query parameter)\)|^Returns an? [A-Z]\w+\.$"
    )
    offending = [where for where, text in iter_texts(load_overlay()) if structural.search(text)]
    assert offending == []


# grammar of the mechanical texts --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("execute-retriever", "an"), ("list-collections", "a"), ("user", "a"), ("hour", "an"), ("LLM", "an")],
)
def test_article_follows_the_sound(phrase: str, expected: str) -> None:
    assert describe.article(phrase) == expected


def test_mechanical_texts_read_as_phrases() -> None:
    assert (
        describe.schema_description("ExecuteRetrieverRequest", {})
        == "What an execute-retriever request sends."
    )
    assert (
        describe.schema_description("ListCollectionsResponse", {})
        == "What a list-collections response returns."
    )
    assert describe.schema_description("Inputs", {}) == "An inputs object."
    assert describe.property_description("dimension") == "The dimension."
    assert describe.property_description("collection_name") == "Collection name."
    assert describe.parameter_description("collection_identifier", "path") == "Collection identifier."
    assert describe.parameter_description("X-Session-ID", "header") == "Session id."
    assert describe.operation_description("Clone collection") == "Clone collection."


def test_committed_spec_has_no_bare_one_word_descriptions() -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    status_texts = set(describe.STATUS_TEXT.values())  # "Success." describes a response status well
    bare = sorted(set(re.findall(r'"description": "([A-Z][a-z0-9]*\.)"', text)) - status_texts)
    articles = re.findall(r'"description": "What (an?) ([\w-]+)', text)
    wrong_article = sorted({word for used, word in articles if describe.article(word) != used})
    assert len(articles) > 100
    assert bare == [] and wrong_article == []


# coverage of the committed overlay ------------------------------------------------------------------------
def _schema_name(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref", "")
    return str(ref).rsplit("/", 1)[-1]


def covered_operations_and_models(spec: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], Set[str]]:
    """The operations of COVERED_TAGS, and the schemas they take as request body or give as 2xx response."""
    operations = [
        op for _, _, op in iter_operations(spec["paths"]) if set(op.get("tags", [])) & set(COVERED_TAGS)
    ]
    models: Set[str] = set()
    for operation in operations:
        bodies = [operation.get("requestBody", {})]
        bodies += [response for status, response in operation["responses"].items() if status.startswith("2")]
        for body in bodies:
            models.update(_schema_name(media.get("schema")) for media in (body.get("content") or {}).values())
    models.discard("")
    return operations, models


def test_overlay_covers_every_operation_and_field_of_the_first_met_tags() -> None:
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    overlay = load_overlay()
    operations, models = covered_operations_and_models(spec)
    written_operations = overlay.get("operations") or {}
    shared_fields = overlay.get("shared_fields") or {}
    written_schemas = overlay.get("schemas") or {}
    missing = [
        f"operation {op['operationId']}"
        for op in operations
        if not {"summary", "description"} <= set(written_operations.get(op["operationId"]) or {})
    ]
    fields = own = 0
    for name in sorted(models):
        entry = written_schemas.get(name) or {}
        if "description" not in entry:
            missing.append(f"schema {name}")
        for field in spec["components"]["schemas"][name].get("properties", {}):
            fields += 1
            own += field in (entry.get("fields") or {})
            if field not in (entry.get("fields") or {}) and field not in shared_fields:
                missing.append(f"field {name}.{field}")
    print(
        f"\nhand-written: {len(operations)} operations of {len(COVERED_TAGS)} tags, {len(models)} models, "
        f"{fields} fields ({own} with a text of their own, {fields - own} with a shared text)"
    )
    assert missing == [], f"{len(missing)} without a hand-written text:\n" + "\n".join(missing)
