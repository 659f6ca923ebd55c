"""The `oneOf`/`anyOf` classes: the published wrapper forms, and plain members everywhere else.

Code written against the published package builds `X(actual_instance=v)`, parses with `X.from_json(s)` and
checks `isinstance(v, X)`; annotations, parsed models, request bodies and responses hold plain members, and a
wrapper given where the union is expected goes over the wire as its member. Calls go to a real local server.
"""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest
from pydantic import TypeAdapter

from mixpeek.api import CollectionSchemaApi, TaxonomiesApi
from mixpeek.api_client import ApiClient
from mixpeek.exceptions import ApiTypeError, ApiValueError
from mixpeek.models import (
    AndInner,
    Config,
    CreateTaxonomyRequest,
    FilterCondition,
    FlatTaxonomyConfigInput,
    LogicalOperatorInput,
    Payload1,
    ResponseSyncCollectionSchemaV1CollectionsCollectionIdSyncSchemaPost,
    SchemaSyncSkippedResponse,
    Value,
    Vector,
)
from mixpeek.rest import RESTResponse
from test.support.servers import RecordingServer

FLAT_CONFIG: Dict[str, Any] = {
    "taxonomy_type": "flat",
    "retriever_id": "ret_1",
    "input_mappings": [],
    "source_collection": {"collection_id": "col_1"},
}


def test_the_published_construction_forms() -> None:
    member = FlatTaxonomyConfigInput.from_dict(FLAT_CONFIG)
    assert Config(actual_instance=member).actual_instance is member
    assert Config(member) == Config(actual_instance=member)
    assert Config().actual_instance is None
    assert isinstance(Config.from_dict(FLAT_CONFIG).actual_instance, FlatTaxonomyConfigInput)
    assert Config.from_json(json.dumps(FLAT_CONFIG)) == Config(member)
    assert Config(FLAT_CONFIG) == Config(member), "a dict is validated into the member it matches"
    wrapper = Config()
    wrapper.actual_instance = FLAT_CONFIG
    assert wrapper == Config(member)
    assert repr(Value(3)) == "Value(actual_instance=3)"
    assert Value(3) != 3 and Value(3) == Value(3) and Value(3) != Value("3")


def test_the_published_conversions() -> None:
    wrapper = Config.from_dict(FLAT_CONFIG)
    expected = {**FLAT_CONFIG, "top_k": 1}  # the member's default is filled in
    assert wrapper.to_dict() == expected
    assert json.loads(wrapper.to_json()) == expected
    assert json.loads(Vector.from_json("[[1.5, 2.0]]").to_json()) == [[1.5, 2.0]]
    assert Value.from_dict("x").to_dict() == "x"
    assert "retriever_id" in wrapper.to_str()


def test_values_that_match_no_member_are_refused_naming_the_class_and_members() -> None:
    with pytest.raises(ApiValueError, match=r"Value: .*\(int, float, str\)") as caught:
        Value([1])
    assert isinstance(caught.value, ValueError), "code catching the published ValueError keeps working"
    with pytest.raises(ApiValueError, match="Config"):
        Config.from_json('{"taxonomy_type": "flat"}')
    with pytest.raises(ApiValueError, match="not a JSON document"):
        Config.from_json("{")
    with pytest.raises(ApiTypeError):
        Value(1, 2)
    with pytest.raises(ApiTypeError):
        Value(1, actual_instance=2)
    with pytest.raises(ApiTypeError):
        Value(value=1)


@pytest.mark.parametrize(
    ("value", "union", "expected"),
    [
        (3, Value, True),
        (2.5, Value, True),
        ("x", Value, True),
        ([1], Value, False),
        (None, Value, False),
        ([[1.0, 2]], Vector, True),
        ([1.0, "2"], Vector, False),
        (FilterCondition(field="a", operator="eq", value=1), AndInner, True),
        ({"field": "a"}, AndInner, False),
        (Value(3), Value, True),
        (Value(3), Config, False),
    ],
)
def test_isinstance_is_true_for_any_member_value(value: Any, union: Any, expected: bool) -> None:
    assert isinstance(value, union) is expected


def test_fields_of_a_union_type_hold_plain_members_even_when_given_a_wrapper() -> None:
    condition = FilterCondition(field="a", operator="eq", value=1)
    parsed = LogicalOperatorInput.from_dict(
        {"AND": [{"field": "a", "operator": "eq", "value": 1}, {"OR": []}]}
    )
    assert [type(item) for item in parsed.var_and or []] == [FilterCondition, LogicalOperatorInput]
    built = LogicalOperatorInput(AND=[AndInner(actual_instance=condition)])
    assert built.var_and == [condition]
    request = CreateTaxonomyRequest(taxonomy_name="t", config=Config.from_dict(FLAT_CONFIG))
    assert type(request.config) is FlatTaxonomyConfigInput
    assert TypeAdapter(Config).validate_python(Config(FLAT_CONFIG)) == FlatTaxonomyConfigInput(**FLAT_CONFIG)


def test_a_wrapper_that_got_into_a_model_without_validation_serializes_as_its_member() -> None:
    request = CreateTaxonomyRequest.model_construct(taxonomy_name="t", config=Config.from_dict(FLAT_CONFIG))
    with pytest.warns(UserWarning, match="PydanticSerializationUnexpectedValue"):  # pydantic says so, and...
        sent = json.loads(request.to_json())
    assert sent["config"] == {**FLAT_CONFIG, "top_k": 1}  # ...the member is what comes out


def test_a_wrapper_body_goes_over_the_wire_as_its_member(
    api_client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {})
    member = {"batch_size": 10, "scroll_filters": {"status": "ready"}}  # the free-form member
    with TaxonomiesApi(api_client).execute_taxonomy_without_preload_content(
        "tax_1", Payload1(actual_instance=member)
    ) as response:
        assert isinstance(response, RESTResponse)
    assert recording_server.last_request.json() == member


def test_a_wrapper_inside_a_dict_body_goes_over_the_wire_as_its_member(
    api_client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {})
    body = {"taxonomy_name": "t", "config": Config.from_dict(FLAT_CONFIG)}
    TaxonomiesApi(api_client).create_taxonomy_taxonomies_without_preload_content(body).close()
    assert recording_server.last_request.json() == {"taxonomy_name": "t", "config": FLAT_CONFIG}


def test_a_union_response_is_a_plain_member(api_client: ApiClient, recording_server: RecordingServer) -> None:
    skipped = {"reason": "unchanged", "collection_id": "col_1", "schema_version": 2}
    recording_server.respond(200, skipped)
    result = CollectionSchemaApi(api_client).sync_collection_schema("col_1")
    assert type(result) is SchemaSyncSkippedResponse
    assert isinstance(result, ResponseSyncCollectionSchemaV1CollectionsCollectionIdSyncSchemaPost)
    recording_server.respond(200, {"reason": 5, "collection_id": "col_1"})  # matches no member: lenient
    lenient = CollectionSchemaApi(api_client).sync_collection_schema("col_1")
    assert type(lenient) is SchemaSyncSkippedResponse and lenient.collection_id == "col_1"
