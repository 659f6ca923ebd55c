"""The list endpoints' pagination (limit/offset/page/cursor) and the execute request's pagination."""

from __future__ import annotations

from typing import Any

import pytest

import mixpeek
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.exceptions import BadRequestException, RequestValidationError
from mixpeek.local.pagination import decode_cursor, encode_cursor
from mixpeek.models import CreateCollectionRequest
from test.local.helpers import create_search_retriever, create_standalone, execute, ids_of, raw, upsert

NAMES = [f"col-{i:02d}" for i in range(23)]


@pytest.fixture
def collections(client: mixpeek.ApiClient, namespace_name: str) -> CollectionsApi:
    create_standalone(client, namespace_name)
    api = CollectionsApi(client)
    for name in NAMES:
        api.create_collection(
            CreateCollectionRequest.model_validate({"collection_name": name, "source": {"type": "none"}})
        )
    return api


def _names(response: Any) -> list[str]:
    return [str(result.collection_name) for result in response.results]


def test_following_next_cursor_visits_every_item_once(collections: CollectionsApi) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = collections.list_collections_get(limit=10, cursor=cursor)
        seen += _names(page)
        pages += 1
        assert page.total_count == len(NAMES)
        cursor = page.pagination.next_cursor
        if cursor is None:
            break
    assert seen == NAMES
    assert pages == 3


def test_offset_and_page_select_the_same_slice(collections: CollectionsApi) -> None:
    by_offset = collections.list_collections_get(limit=5, offset=10)
    by_page = collections.list_collections_get(page_size=5, page=3)
    assert _names(by_offset) == _names(by_page) == NAMES[10:15]
    assert by_page.pagination.page == 3
    assert by_page.pagination.total_pages == 5
    assert by_page.pagination.total == 23


def test_a_page_past_the_end_is_empty(collections: CollectionsApi) -> None:
    beyond = collections.list_collections_get(limit=10, offset=100)
    assert _names(beyond) == []
    assert beyond.pagination.next_cursor is None


def test_the_default_page_has_ten_items(collections: CollectionsApi) -> None:
    assert _names(collections.list_collections_get()) == NAMES[:10]


def test_post_list_reads_paging_from_the_body_and_searches(collections: CollectionsApi) -> None:
    from mixpeek.models import ListCollectionsRequest

    found = collections.list_collections(
        list_collections_request=ListCollectionsRequest(search="col-1", limit=4)
    )
    assert _names(found) == ["col-10", "col-11", "col-12", "col-13"]
    assert found.total_count == 10


def test_a_bad_cursor_is_a_400(collections: CollectionsApi) -> None:
    with pytest.raises(BadRequestException):
        collections.list_collections_get(cursor="not-a-cursor")


def test_an_out_of_range_limit_is_a_422(
    local_url: str, collections: CollectionsApi, namespace_name: str
) -> None:
    status, body = raw(local_url, "GET", "/v1/collections?limit=0", namespace=namespace_name)
    assert status == 422
    assert body["error"]["details"]["errors"][0]["loc"] == ["query", "limit"]
    # the SDK refuses it first
    with pytest.raises(RequestValidationError, match="limit=5000 .* at most 1000"):
        collections.list_collections_get(limit=5000)


def test_cursors_round_trip() -> None:
    assert [decode_cursor(encode_cursor(n)) for n in (0, 7, 123456)] == [0, 7, 123456]


def test_execute_pagination_pages_through_ranked_results(
    client: mixpeek.ApiClient, namespace_name: str
) -> None:
    create_standalone(client, namespace_name, dimension=2)
    upsert(client, namespace_name, [[1.0, i / 20] for i in range(12)])
    retriever_id = create_search_retriever(client, top_k=12)
    everything = ids_of(execute(client, retriever_id, inputs={"qv": [1.0, 0.0]}))
    assert len(everything) == 12
    first = execute(
        client, retriever_id, inputs={"qv": [1.0, 0.0]}, pagination={"method": "cursor", "limit": 5}
    )
    assert first.pagination is not None
    second = execute(
        client,
        retriever_id,
        inputs={"qv": [1.0, 0.0]},
        pagination={"method": "cursor", "limit": 5, "cursor": first.pagination["next_cursor"]},
    )
    offset_page = execute(
        client,
        retriever_id,
        inputs={"qv": [1.0, 0.0]},
        pagination={"method": "offset", "page_size": 5, "page_number": 2},
    )
    assert ids_of(first) + ids_of(second) == everything[:10]
    assert ids_of(offset_page) == everything[5:10]
    assert ids_of(execute(client, retriever_id, inputs={"qv": [1.0, 0.0]}, limit=3)) == everything[:3]
