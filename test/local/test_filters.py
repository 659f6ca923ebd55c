"""Attribute filters: each operator, logical groups, case rules, and filters applied through the API."""

from __future__ import annotations

from typing import Any, Optional

import pytest

import mixpeek
from mixpeek.api.collection_documents_api import CollectionDocumentsApi
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.local.errors import ApiError
from mixpeek.local.filters import compile_filter
from mixpeek.models import (
    CreateCollectionRequest,
    CreateRetrieverRequest,
    DocumentCreateRequest,
    ListDocumentsResponse,
)
from test.local.helpers import (
    create_search_retriever,
    create_standalone,
    documents_of,
    execute,
    raw,
    upsert,
    vector_search_stage,
)

DOCUMENTS: list[dict[str, Any]] = [
    {
        "document_id": "a",
        "payload": {"category": "Docs", "year": 2021, "tags": ["x", "y"], "title": "Hello big world"},
    },
    {
        "document_id": "b",
        "payload": {"category": "blog", "year": 2023, "tags": ["y"], "title": "Another post", "draft": None},
    },
    {
        "document_id": "c",
        "payload": {"category": "docs", "year": 2024, "title": "hello again"},
        "metadata": {"lang": "en"},
    },
]


def matching(spec: Any, case_sensitive: bool = False) -> list[str]:
    predicate = compile_filter(spec, case_sensitive)
    assert predicate is not None
    return [doc["document_id"] for doc in DOCUMENTS if predicate(doc)]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"field": "category", "operator": "eq", "value": "docs"}, ["a", "c"]),
        ({"field": "payload.category", "value": "blog"}, ["b"]),
        ({"field": "category", "operator": "ne", "value": "docs"}, ["b"]),
        ({"field": "year", "operator": "gt", "value": 2021}, ["b", "c"]),
        ({"field": "year", "operator": "gte", "value": 2023}, ["b", "c"]),
        ({"field": "year", "operator": "lt", "value": 2023}, ["a"]),
        ({"field": "year", "operator": "lte", "value": 2023}, ["a", "b"]),
        ({"field": "year", "operator": "in", "value": [2021, 2024]}, ["a", "c"]),
        ({"field": "year", "operator": "nin", "value": [2021, 2024]}, ["b"]),
        ({"field": "tags", "operator": "contains", "value": "x"}, ["a"]),
        ({"field": "tags", "operator": "eq", "value": "y"}, ["a", "b"]),
        ({"field": "title", "operator": "contains", "value": "HELLO"}, ["a", "c"]),
        ({"field": "title", "operator": "starts_with", "value": "hello"}, ["a", "c"]),
        ({"field": "title", "operator": "ends_with", "value": "post"}, ["b"]),
        ({"field": "title", "operator": "regex", "value": "^h.*o a"}, ["c"]),
        ({"field": "tags", "operator": "exists", "value": True}, ["a", "b"]),
        ({"field": "tags", "operator": "exists", "value": False}, ["c"]),
        ({"field": "draft", "operator": "is_null", "value": True}, ["a", "b", "c"]),
        ({"field": "lang", "operator": "is_null", "value": False}, ["c"]),
        ({"field": "title", "operator": "text", "value": "world hello"}, ["a"]),
        ({"field": "title", "operator": "phrase", "value": "big world"}, ["a"]),
        ({"field": "title", "operator": "words", "value": "post again"}, ["b", "c"]),
        ({"field": "metadata.lang", "operator": "eq", "value": "en"}, ["c"]),
        ({"field": "year", "operator": "gt", "value": "2000"}, []),  # a number never compares with a string
    ],
)
def test_operators(condition: dict[str, Any], expected: list[str]) -> None:
    assert matching(condition) == expected


def test_logical_groups_nest() -> None:
    spec = {
        "OR": [
            {
                "AND": [
                    {"field": "category", "value": "docs"},
                    {"field": "year", "operator": "gte", "value": 2024},
                ]
            },
            {"field": "category", "value": "blog"},
        ],
        "NOT": [{"field": "title", "operator": "contains", "value": "post"}],
    }
    assert matching(spec) == ["c"]


def test_string_comparisons_ignore_case_unless_asked() -> None:
    assert matching({"field": "category", "value": "docs"}) == ["a", "c"]
    assert matching({"AND": [{"field": "category", "value": "docs"}], "case_sensitive": True}) == ["c"]


def test_a_plain_mapping_means_equality_on_each_field() -> None:
    assert matching({"category": "docs", "year": 2024}) == ["c"]


@pytest.mark.parametrize(
    "spec",
    [
        {"field": "year", "operator": "between", "value": 1},
        {"field": "", "value": 1},
        {"field": "year", "operator": "in", "value": 5},
        {"field": "title", "operator": "regex", "value": "("},
        {"AND": "not a list"},
        "category = docs",
    ],
)
def test_malformed_filters_are_400s(spec: Any) -> None:
    with pytest.raises(ApiError) as refused:
        compile_filter(spec)
    assert refused.value.status == 400


def test_geo_operators_are_not_emulated() -> None:
    with pytest.raises(ApiError) as refused:
        compile_filter({"field": "location", "operator": "geo_radius", "value": {}})
    assert refused.value.status == 400
    assert refused.value.error_type == "NotSupportedByLocalServerError"


def _stage(name: str, stage_id: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "stage_name": name,
        "stage_type": "filter",
        "config": {"stage_id": stage_id, "parameters": parameters},
    }


def _retriever(client: mixpeek.ApiClient, name: str, stages: list[dict[str, Any]]) -> Optional[str]:
    body = {"retriever_name": name, "stages": stages, "input_schema": {"qv": {"type": "array"}}}
    return RetrieversApi(client).create_retriever(CreateRetrieverRequest.model_validate(body)).retriever_id


def _ranks(result: Any) -> list[int]:
    return [int(document["payload"]["rank"]) for document in documents_of(result)]


def test_execute_filters_and_attribute_filter_stages(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name, dimension=2)
    payloads = [{"category": "docs" if i % 2 else "blog", "rank": i} for i in range(10)]
    upsert(client, namespace_name, [[1.0, i / 10] for i in range(10)], payloads)
    retriever_id = create_search_retriever(client, top_k=10)
    docs_only = {"field": "category", "operator": "eq", "value": "docs"}
    assert _ranks(execute(client, retriever_id, inputs={"qv": [1.0, 0.0]}, filters=docs_only)) == [
        1,
        3,
        5,
        7,
        9,
    ]

    staged = _retriever(
        client,
        "filtered",
        [
            _stage(
                "only_recent", "attribute_filter", {"field": "payload.rank", "operator": "gte", "value": 6}
            ),
            _stage("by_rank", "sort_attribute", {"field": "rank", "direction": "desc"}),
        ],
    )
    ordered = execute(client, staged)
    assert _ranks(ordered) == [9, 8, 7, 6]
    assert ordered.stage_statistics is not None and ordered.stage_statistics.stages is not None
    assert ordered.stage_statistics.stages["only_recent"].output_count == 4

    filter_then_search = _retriever(
        client,
        "filter-then-search",
        [_stage("blog", "attribute_filter", {"field": "category", "value": "blog"}), vector_search_stage(2)],
    )
    assert _ranks(execute(client, filter_then_search, inputs={"qv": [1.0, 0.0]})) == [0, 2]


def _prices(response: ListDocumentsResponse) -> list[int]:
    assert response.results is not None
    return [int(document.to_dict()["metadata"]["price"]) for document in response.results]


def test_list_documents_filters_and_sorts(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    create_standalone(client, namespace_name)
    CollectionsApi(client).create_collection(
        CreateCollectionRequest.model_validate({"collection_name": "items", "source": {"type": "none"}})
    )
    api = CollectionDocumentsApi(client)
    for price in (5, 50, 20, 70):
        api.create_document(
            "items", DocumentCreateRequest(metadata={"price": price, "kind": "tool" if price < 60 else "toy"})
        )
    request = {
        "filters": {"AND": [{"field": "metadata.kind", "operator": "eq", "value": "tool"}]},
        "sort": {"field": "metadata.price", "direction": "desc"},
    }
    # Sent raw: the generated FilterCondition types `value` as a DynamicValue only (a lossy spec), so the SDK
    # refuses a plain value here; the server accepts what the API accepts.
    status, listed = raw(
        local_url, "POST", "/v1/collections/items/documents/list", request, namespace=namespace_name
    )
    assert status == 200
    assert [document["metadata"]["price"] for document in listed["results"]] == [50, 20, 5]
    assert listed["total_documents"] == 3
    by_query = api.list_documents_0("items", filters='{"field": "metadata.kind", "value": "toy"}')
    assert _prices(by_query) == [70]
