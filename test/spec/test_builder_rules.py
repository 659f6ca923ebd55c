"""The builder's rules, on small hand-made specs (no reference data needed)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict

import pytest

from spec_builder.__main__ import main
from spec_builder.build import build_spec
from spec_builder.describe import operation_summary, schema_description
from spec_builder.names import accident_replacement, api_class_for_tag, choose_operation_ids
from spec_builder.shapes import canonical_schema_name, is_unchanged
from spec_builder.write import canonical, render

ERROR = {"description": "", "content": {"application/json": {"schema": {"type": "object"}}}}


def nullable(schema: Dict[str, Any]) -> Dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def facts_spec() -> Dict[str, Any]:
    """A tiny facts file in the 0.82 style: lossy nullability, no defaults, published names."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Mixpeek API", "version": "9.9"},
        "servers": [{"url": "https://api.example.test"}],
        "tags": [{"name": "Widget Store"}],
        "paths": {
            "/v1/widgets": {
                "get": {
                    "tags": ["Widget Store"],
                    "operationId": "list_widgets",
                    "x-python-method": "list_widgets",
                    "x-python-class": "WidgetStoreApi",
                    "parameters": [
                        {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}},
                        {"name": "status", "in": "query", "required": False, "schema": {"type": "string"}},
                    ],
                    "responses": {"200": ERROR, "404": ERROR},
                    "security": [{"BearerAuth": []}],
                }
            },
            "/v1/widgets/list": {
                "post": {
                    "tags": ["Widget Store"],
                    "operationId": "list_widgets_0",
                    "x-python-method": "list_widgets_0",
                    "x-python-class": "WidgetStoreApi",
                    "x-codegen-request-body-name": "list_widgets_request",
                    "parameters": [
                        {
                            "name": "Authorization",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string"},
                        },
                        {"name": "X-Trace", "in": "header", "required": False, "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "required": False,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ListWidgetsRequest"}
                            }
                        },
                    },
                    "responses": {"200": ERROR},
                    "security": [{"NamespaceHeader": [], "BearerAuth": []}],
                }
            },
            "/v1/widgets/upload": {
                "post": {
                    "tags": ["Widget Store"],
                    "operationId": "upload_widget",
                    "x-python-method": "upload_widget",
                    "x-python-class": "WidgetStoreApi",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"file": {"type": "string"}, "note": {"type": "string"}},
                                    "required": ["file"],
                                }
                            }
                        },
                    },
                    "responses": {"200": ERROR},
                    "security": [],
                }
            },
        },
        "components": {
            "securitySchemes": {
                "BearerAuth": {"type": "http", "scheme": "bearer"},
                "NamespaceHeader": {"type": "apiKey", "in": "header", "name": "X-Namespace"},
            },
            "schemas": {
                "Widget": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "color": nullable({"type": "string"}),
                        "size": nullable({"type": "integer"}),
                        "shape": {"$ref": "#/components/schemas/WidgetShape"},
                        "weight": {"type": "number"},
                    },
                    "required": ["name"],
                },
                "WidgetShape": {"type": "string", "enum": ["round", "square"]},
                "ListWidgetsRequest": {
                    "type": "object",
                    "properties": {"query": nullable({"type": "string"}), "page": {"type": "integer"}},
                },
            },
        },
    }


def previous_spec() -> Dict[str, Any]:
    """The older spec of the same tiny API, with the facts the new one lost (and prose)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Mixpeek API",
            "version": "9.8",
            "description": "Old prose that must not be reused.",
        },
        "paths": {
            "/v1/widgets": {
                "get": {
                    "operationId": "list_widgets_v1_widgets_get",
                    "summary": "Old summary prose",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 10}},
                        {
                            "name": "status",
                            "in": "query",
                            "schema": nullable({"type": "string", "enum": ["on", "off"]}),
                        },
                    ],
                    "responses": {"200": {"description": "OK"}},
                }
            },
            "/v1/widgets/upload": {
                "post": {
                    "operationId": "upload_widget_v1_widgets_upload_post",
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "$ref": "#/components/schemas/Body_upload_widget_v1_widgets_upload_post"
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": "OK"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Widget": {
                    "type": "object",
                    "title": "Widget",
                    "description": "Old prose about widgets.",
                    "properties": {
                        "name": {"type": "string", "description": "Old prose."},
                        "color": {"type": "string", "default": "red"},
                        "size": nullable({"type": "integer", "exclusiveMinimum": 0}),
                        "shape": {"$ref": "#/components/schemas/WidgetShape", "default": "round"},
                        "weight": nullable({"type": "number"}),
                    },
                    "required": ["name"],
                },
                "WidgetShape": {"type": "string", "enum": ["round", "square"]},
                "ListWidgetsRequest": {
                    "type": "object",
                    "properties": {"query": {"type": "string", "default": "*"}},
                },
                "Body_upload_widget_v1_widgets_upload_post": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "note": {"type": "string"},
                    },
                    "required": ["file"],
                },
            }
        },
    }


@pytest.fixture
def built() -> Dict[str, Any]:
    document, _ = build_spec(facts_spec(), previous_spec())
    return document


def test_unchanged_schema_takes_real_nullability_and_defaults(built: Dict[str, Any]) -> None:
    widget = built["components"]["schemas"]["Widget"]["properties"]
    assert widget["color"]["type"] == "string" and "anyOf" not in widget["color"]
    assert widget["color"]["default"] == "red"
    assert widget["shape"]["$ref"] == "#/components/schemas/WidgetShape"
    assert widget["shape"]["default"] == "round"
    weight_types = [member.get("type") for member in widget["weight"]["anyOf"]]
    assert weight_types == ["number", "null"]


def test_unchanged_schema_takes_exclusive_bounds_inside_the_nullable_union(built: Dict[str, Any]) -> None:
    size = built["components"]["schemas"]["Widget"]["properties"]["size"]
    assert {"type": "null"} in size["anyOf"]
    integer = next(member for member in size["anyOf"] if member.get("type") == "integer")
    assert integer["exclusiveMinimum"] == 0


def test_changed_schema_keeps_the_facts(built: Dict[str, Any]) -> None:
    request = built["components"]["schemas"]["ListWidgetsRequest"]["properties"]
    assert {"type": "null"} in request["query"]["anyOf"]
    assert "default" not in request["query"]


def test_upload_field_becomes_binary_and_other_fields_do_not(built: Dict[str, Any]) -> None:
    form = built["paths"]["/v1/widgets/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert form["schema"]["properties"]["file"]["format"] == "binary"
    assert "format" not in form["schema"]["properties"]["note"]


def test_parameters_take_inline_enums_and_defaults(built: Dict[str, Any]) -> None:
    parameters = {p["name"]: p for p in built["paths"]["/v1/widgets"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["default"] == 10
    assert parameters["status"]["schema"]["enum"] == ["on", "off"]
    assert parameters["status"]["schema"]["type"] == "string"


def test_accident_is_renamed_and_keeps_its_published_name(built: Dict[str, Any]) -> None:
    operation = built["paths"]["/v1/widgets/list"]["post"]
    assert operation["operationId"] == "list_widgets_post"
    assert operation["x-published-names"] == ["list_widgets_0"]
    assert operation["x-body-name"] == "list_widgets_request"
    assert "x-published-names" not in built["paths"]["/v1/widgets"]["get"]


def test_credential_headers_are_dropped_and_other_headers_kept(built: Dict[str, Any]) -> None:
    names = [p["name"] for p in built["paths"]["/v1/widgets/list"]["post"]["parameters"]]
    assert names == ["X-Trace"]


def test_generator_extensions_are_replaced_by_ours(built: Dict[str, Any]) -> None:
    text = json.dumps(built)
    assert "x-python-" not in text and "x-codegen-" not in text


def test_descriptions_are_ours_and_everywhere(built: Dict[str, Any]) -> None:
    text = json.dumps(built)
    assert "Old prose" not in text and "Old summary" not in text
    operation = built["paths"]["/v1/widgets"]["get"]
    assert operation["summary"] == "List widgets"
    assert operation["description"] == "List widgets."  # the generator states the call and credentials
    assert all(response["description"] for response in operation["responses"].values())
    widget = built["components"]["schemas"]["Widget"]
    assert widget["description"] and all(p["description"] for p in widget["properties"].values())
    assert built["tags"][0]["description"]


def test_build_is_deterministic_and_keeps_property_order() -> None:
    first, _ = build_spec(facts_spec(), previous_spec())
    reordered = facts_spec()
    reordered["paths"] = dict(reversed(list(reordered["paths"].items())))
    second, _ = build_spec(reordered, previous_spec())
    assert render(first) == render(second)
    properties = json.loads(render(first))["components"]["schemas"]["Widget"]["properties"]
    assert list(properties) == ["name", "color", "size", "shape", "weight"]


def test_report_counts_what_was_taken() -> None:
    _, report = build_spec(facts_spec(), previous_spec())
    assert report.operations == 3 and report.schemas == 3
    assert report.renamed == {"list_widgets_0": "list_widgets_post"}
    assert report.taken["nullability removed"] == 1  # Widget.color
    assert report.taken["nullability added"] == 1  # Widget.weight
    assert report.taken["defaults"] == 2  # Widget.color, Widget.shape
    assert report.taken["binary formats"] == 1


def test_unchanged_rule() -> None:
    old = previous_spec()["components"]["schemas"]["Widget"]
    new = facts_spec()["components"]["schemas"]["Widget"]

    def by_name(name: str) -> str:
        return name

    assert is_unchanged(new, old, by_name)
    retyped = copy.deepcopy(new)
    retyped["properties"]["weight"] = {"type": "string"}
    assert not is_unchanged(retyped, old, by_name)
    grown = copy.deepcopy(new)
    grown["properties"]["extra"] = {"type": "string"}
    assert not is_unchanged(grown, old, by_name)
    required = copy.deepcopy(new)
    required["required"] = ["name", "color"]
    assert not is_unchanged(required, old, by_name)
    const_old = {"type": "object", "properties": {"kind": {"type": "string", "const": "a"}}}
    enum_new = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["a"]}}}
    assert is_unchanged(enum_new, const_old, by_name)


def test_previous_schema_names_are_matched_in_the_facts_spelling() -> None:
    assert canonical_schema_name("SourceConfig-Input") == "SourceConfigInput"
    assert canonical_schema_name("shared__models__FeatureConfig-Output") == "SharedModelsFeatureConfigOutput"
    assert canonical_schema_name("Body_upload_v1_x_post") == "BodyUploadV1XPost"


def test_accident_renaming_rules() -> None:
    assert accident_replacement("list_alerts_0", "post", "/v1/alerts/list", ("get", "/v1/alerts")) == (
        "list_alerts_post"
    )
    scoped = accident_replacement(
        "get_perf_0", "get", "/v1/analytics/collections/{collection_id}/perf", ("get", "/v1/analytics/perf")
    )
    assert scoped == "get_perf_for_collection"
    second_route = accident_replacement(
        "run_thing_things_0", "post", "/v1/things/{thing_id}/run", ("post", "/v1/things/run/{thing_id}")
    )
    assert second_route == "run_thing"
    name_taken = accident_replacement(
        "run_thing_things_0",
        "post",
        "/v1/things/{thing_id}/run",
        ("post", "/v1/things/run/{thing_id}"),
        {"run_thing"},
    )
    assert name_taken == "run_thing_things_alt_route"
    assert accident_replacement("orphan_0", "get", "/v1/orphan", None) == "orphan"


def test_operation_ids_must_be_unique_and_valid() -> None:
    with pytest.raises(ValueError, match="used by"):
        choose_operation_ids([("get", "/a", "same", ["same"]), ("post", "/b", "same", ["same"])])
    with pytest.raises(ValueError, match="identifier"):
        choose_operation_ids([("get", "/a", "class", ["class"])])
    chosen = choose_operation_ids(
        [("get", "/p", "list_x__public", ["list_x"]), ("post", "/q", "list_x__private", ["list_x"])]
    )
    assert chosen[("get", "/p")] == ("list_x__public", ["list_x"])


def test_api_class_for_tag() -> None:
    assert api_class_for_tag("Agent Sessions") == "AgentSessionsApi"
    assert api_class_for_tag("BYO Documents") == "BYODocumentsApi"
    assert api_class_for_tag("Public Retriever API") == "PublicRetrieverAPIApi"


def test_tag_with_an_acronym_records_its_class() -> None:
    facts = facts_spec()
    facts["tags"] = [{"name": "BYO Widgets"}]
    for item in facts["paths"].values():
        for operation in item.values():
            operation["tags"] = ["BYO Widgets"]
            operation["x-python-class"] = "BYOWidgetsApi"
    document, _ = build_spec(facts, previous_spec())
    assert document["tags"][0]["x-mixpeek-api-class"] == "BYOWidgetsApi"


def test_summary_drops_the_path_suffix_but_keeps_two_words() -> None:
    assert operation_summary("create_session_agents", "/v1/agents/sessions") == "Create session"
    assert operation_summary("detect_intent_agents_sessions", "/v1/agents/sessions/intent/detect") == (
        "Detect intent"
    )
    assert operation_summary("list_collections", "/v1/collections/list") == "List collections"
    assert operation_summary("list_x__public_api", "/v1/public/x") == "List x"
    export = operation_summary(
        "export_cluster_execution_id_run", "/v1/clusters/{cluster_id}/executions/{run_id}/export"
    )
    assert export == "Export cluster execution"
    summary = operation_summary(
        "get_infrastructure_organizations_summary", "/v1/organizations/infrastructure/summary"
    )
    assert summary == "Get infrastructure summary"
    assert (
        operation_summary("get_batch_buckets_batches", "/v1/buckets/{bucket_id}/batches/{batch_id}")
        == "Get batch"
    )
    assert operation_summary("delete_marketplace_listing", "/v1/marketplace/listings/{listing_id}") == (
        "Delete marketplace listing"
    )


def test_schema_descriptions_follow_the_kind_of_schema() -> None:
    assert "allowed values" in schema_description("WidgetShape", {"enum": ["a"]})
    assert (
        schema_description("CreateWidgetRequest", {"type": "object"}) == "What a create-widget request sends."
    )
    assert "forms" in schema_description("Config1", {"oneOf": [{"type": "string"}]})
    assert (
        schema_description("WidgetOutput", {"type": "object"}) == "Widget, in the form returned in responses."
    )


def test_canonical_sorts_keys_except_properties() -> None:
    node = {"b": 1, "properties": {"z": {"y": 1, "x": 2}, "a": {}}, "a": 2}
    result = canonical(node)
    assert list(result) == ["a", "b", "properties"]
    assert list(result["properties"]) == ["z", "a"]
    assert list(result["properties"]["z"]) == ["x", "y"]


def test_command_line_writes_then_checks(tmp_path: Path) -> None:
    facts_path, previous_path, out = tmp_path / "facts.json", tmp_path / "previous.json", tmp_path / "o.json"
    facts_path.write_text(json.dumps(facts_spec()))
    previous_path.write_text(json.dumps(previous_spec()))
    common = ["--facts", str(facts_path), "--previous", str(previous_path), "--out", str(out), "--quiet"]
    common += ["--overlay", str(tmp_path / "no-overlay.yaml")]  # the project's overlay names real operations
    assert main([*common, "--check"]) == 1
    assert main(common) == 0
    assert main([*common, "--check"]) == 0
    out.write_text(out.read_text() + " ")
    assert main([*common, "--check"]) == 1
    assert main(["--facts", str(tmp_path / "missing.json"), "--previous", str(previous_path)]) == 2


def test_default_that_the_new_schema_rejects_is_left_out() -> None:
    facts = facts_spec()
    facts["components"]["schemas"]["WidgetShape"]["enum"] = ["square", "oval"]
    document, report = build_spec(facts, previous_spec())
    shape = document["components"]["schemas"]["Widget"]["properties"]["shape"]
    assert "default" not in shape
    assert report.taken["defaults"] == 1  # only Widget.color
    assert report.taken["defaults not valid for the new schema (left out)"] == 1


def test_open_api_3_0_style_exclusive_bound_is_not_taken() -> None:
    previous = previous_spec()
    size = previous["components"]["schemas"]["Widget"]["properties"]["size"]
    size["anyOf"][0]["exclusiveMinimum"] = True
    document, _ = build_spec(facts_spec(), previous)
    members = document["components"]["schemas"]["Widget"]["properties"]["size"]["anyOf"]
    assert all("exclusiveMinimum" not in member for member in members)


def _query(name: str) -> Dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}


def test_unchanged_parameters_keep_the_previous_order_and_changed_ones_the_facts_order() -> None:
    from spec_builder.merge import MergeCounts
    from spec_builder.merge_paths import merge_operation

    previous = {
        "parameters": [
            _query("start_date"),
            _query("end_date"),
            {"name": "Authorization", "in": "header", "required": False, "schema": {"type": "string"}},
        ]
    }
    same = merge_operation(
        {"parameters": [_query("end_date"), _query("start_date")]}, previous, {}, MergeCounts()
    )
    assert [p["name"] for p in same["parameters"]] == ["start_date", "end_date"]
    grown = {"parameters": [_query("end_date"), _query("page"), _query("start_date")]}
    changed = merge_operation(grown, previous, {}, MergeCounts())
    assert [p["name"] for p in changed["parameters"]] == ["end_date", "page", "start_date"]


def test_a_lost_any_value_union_member_is_restored_from_the_previous_spec() -> None:
    from spec_builder.merge import restore_any_value

    dynamic = {"$ref": "#/components/schemas/DynamicValue"}
    facts_prop = {"anyOf": [dynamic, {"type": "null"}], "description": "Value."}
    assert restore_any_value(facts_prop, {"anyOf": [dynamic, {"title": "Value"}]}) == {
        "anyOf": [dynamic, {}],
        "description": "Value.",
    }
    assert restore_any_value(facts_prop, {"anyOf": [dynamic, {"type": "null"}]}) is None
    assert restore_any_value(facts_prop, {"anyOf": [{"type": "string"}, {}]}) is None


def test_a_parameter_default_behind_a_ref_is_checked_against_the_facts_enum() -> None:
    from spec_builder.merge import DEFAULTS_REJECTED, PARAMETER_DEFAULTS
    from spec_builder.merge_paths import merge_parameter

    facts = {"name": "order", "in": "query", "schema": {"$ref": "#/components/schemas/Order"}}
    previous = {
        "name": "order",
        "in": "query",
        "schema": {"$ref": "#/components/schemas/Order", "default": "old"},
    }
    schemas = {"Order": {"type": "string", "enum": ["asc", "desc"]}}
    merged, taken = merge_parameter(facts, previous, schemas)
    assert "default" not in merged["schema"] and taken == [DEFAULTS_REJECTED]
    previous["schema"]["default"] = "asc"
    merged, taken = merge_parameter(facts, previous, schemas)
    assert merged["schema"]["default"] == "asc" and taken == [PARAMETER_DEFAULTS]
