"""paginate() walks every page lazily through the API's cursors; single pages and cursors are reachable;
list() returns the first page itself, as a dict."""

from __future__ import annotations

from typing import Any, Callable

from mixpeek._runtime.record import Record
from mixpeek.client import Mixpeek, Page, Paginator
from test.support.servers import RecordingServer


def page(names: list[str], next_cursor: Any = None, **pagination: Any) -> dict[str, Any]:
    return {
        "results": [{"collection_id": f"col_{n}", "collection_name": n} for n in names],
        "pagination": {"next_cursor": next_cursor, **pagination},
        "total_count": 5,
    }


def enqueue_three_pages(server: RecordingServer) -> None:
    server.enqueue(200, page(["a", "b"], "cur_2"))
    server.enqueue(200, page(["c", "d"], "cur_4"))
    server.enqueue(200, page(["e"], None))


def test_iteration_follows_cursors_over_three_pages(mp: Mixpeek, recording_server: RecordingServer) -> None:
    enqueue_three_pages(recording_server)

    names = [collection.collection_name for collection in mp.collections.paginate(limit=2, search="x")]

    assert names == ["a", "b", "c", "d", "e"]
    requests = recording_server.requests
    assert [(r.method, r.raw_path) for r in requests] == [("POST", "/v1/collections/list")] * 3
    assert [r.query.get("cursor") for r in requests] == [None, ["cur_2"], ["cur_4"]]
    assert all(r.query["limit"] == ["2"] for r in requests)
    assert all(r.json()["search"] == "x" for r in requests)
    assert all(r.headers["X-Namespace"] == "ns_test" for r in requests)


def test_items_are_records(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.enqueue(200, page(["a"]))
    items = list(mp.collections.paginate())
    assert isinstance(items[0], Record) and isinstance(items[0], dict)
    assert items[0] == {"collection_id": "col_a", "collection_name": "a"}
    assert items[0].collection_id == "col_a"


def test_list_returns_the_first_page_as_a_dict(mp: Mixpeek, recording_server: RecordingServer) -> None:
    enqueue_three_pages(recording_server)
    first = mp.collections.list()
    assert first == page(["a", "b"], "cur_2")
    assert [c.collection_name for c in first.results] == ["a", "b"]
    assert first["results"][:1] == [{"collection_id": "col_a", "collection_name": "a"}]
    assert len(recording_server.requests) == 1
    assert recording_server.last_request.body == b""  # no filters: no body, as the published client


def test_pages_are_fetched_only_when_iteration_reaches_them(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    enqueue_three_pages(recording_server)
    iterator = iter(mp.collections.paginate())
    assert recording_server.requests == []
    next(iterator)
    next(iterator)
    assert len(recording_server.requests) == 1
    next(iterator)
    assert len(recording_server.requests) == 2


def test_first_page_gives_one_page_and_its_cursor(mp: Mixpeek, recording_server: RecordingServer) -> None:
    enqueue_three_pages(recording_server)
    first = mp.collections.paginate().first_page()
    assert isinstance(first, Page)
    assert [c.collection_name for c in first.items] == ["a", "b"]
    assert first.next_cursor == "cur_2"
    assert first.total == 5
    assert isinstance(first.response, Record)
    assert len(recording_server.requests) == 1


def test_page_at_resumes_from_a_cursor(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.enqueue(200, page(["c", "d"], "cur_4"))
    resumed = mp.collections.paginate().page_at("cur_2")
    assert [c.collection_name for c in resumed] == ["c", "d"]
    assert recording_server.last_request.query["cursor"] == ["cur_2"]


def test_pages_yields_each_page(mp: Mixpeek, recording_server: RecordingServer) -> None:
    enqueue_three_pages(recording_server)
    pages = list(mp.collections.paginate().pages())
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [p.next_cursor for p in pages] == ["cur_2", "cur_4", None]


def test_numbered_pages_are_followed_when_there_is_no_cursor(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, page(["a"], page=1, total_pages=3))
    recording_server.enqueue(200, page(["b"], page=2, total_pages=3))
    recording_server.enqueue(200, page(["c"], page=3, total_pages=3))
    assert [c.collection_name for c in mp.collections.paginate()] == ["a", "b", "c"]
    assert [r.query.get("page") for r in recording_server.requests] == [None, ["2"], ["3"]]


def test_an_empty_page_ends_iteration_even_with_a_cursor(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, page(["a"], "cur_1"))
    recording_server.enqueue(200, page([], "cur_2"))
    assert [c.collection_name for c in mp.collections.paginate()] == ["a"]
    assert len(recording_server.requests) == 2


def test_a_repeated_cursor_does_not_loop_forever(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, page(["a"], "cur_same"))
    assert len(list(mp.collections.paginate())) == 2
    assert len(recording_server.requests) == 2


LIST_ENDPOINTS: dict[str, tuple[Callable[[Mixpeek], Paginator[Any]], str]] = {
    "namespaces": (lambda mp: mp.namespaces.paginate(), "/v1/namespaces/list"),
    "collections": (lambda mp: mp.collections.paginate(), "/v1/collections/list"),
    "documents": (lambda mp: mp.documents.paginate("col_1"), "/v1/collections/col_1/documents/list"),
    "buckets": (lambda mp: mp.buckets.paginate(), "/v1/buckets/list"),
    "objects": (lambda mp: mp.buckets.objects.paginate("raw"), "/v1/buckets/raw/objects/list"),
    "uploads": (lambda mp: mp.buckets.uploads.paginate("raw"), "/v1/buckets/raw/uploads/list"),
    "retrievers": (lambda mp: mp.retrievers.paginate(), "/v1/retrievers/list"),
    "taxonomies": (lambda mp: mp.taxonomies.paginate(), "/v1/taxonomies/list"),
    "tasks": (lambda mp: mp.tasks.paginate(), "/v1/tasks/list"),
    "webhooks": (lambda mp: mp.webhooks.paginate(), "/v1/organizations/webhooks/list"),
}


def test_every_list_method_pages_through_its_endpoint(mp: Mixpeek, recording_server: RecordingServer) -> None:
    for name, (call, path) in LIST_ENDPOINTS.items():
        recording_server.reset()
        recording_server.enqueue(200, {"results": [{"id": 1}], "pagination": {"next_cursor": "c2"}})
        recording_server.enqueue(200, {"results": [{"id": 2}], "pagination": {"next_cursor": None}})
        items = list(call(mp))
        assert len(items) == 2, name
        requests = recording_server.requests
        assert [(r.method, r.raw_path) for r in requests] == [("POST", path)] * 2, name
        assert requests[1].query["cursor"] == ["c2"], name


def test_numbered_pages_without_total_pages_are_counted_from_page_size_and_total(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    for number, name in enumerate(["gt-1", "gt-2", "gt-3"], start=1):
        recording_server.enqueue(
            200, {"datasets": [{"dataset_name": name}], "page": number, "page_size": 1, "total": 3}
        )
    names = [dataset.dataset_name for dataset in mp.evaluations.paginate_datasets(page_size=1)]
    assert names == ["gt-1", "gt-2", "gt-3"]
    requests = recording_server.requests
    assert [(r.method, r.raw_path) for r in requests] == [("GET", "/v1/retrievers/evaluations/datasets")] * 3
    assert [r.query.get("page") for r in requests] == [None, ["2"], ["3"]]
    assert all("cursor" not in r.query and r.query["page_size"] == ["1"] for r in requests)


def test_evaluations_and_interactions_of_a_retriever_page_through_their_endpoints(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(
        200, {"evaluations": [{"evaluation_id": "e1"}], "page": 1, "page_size": 1, "total": 1}
    )
    assert [e.evaluation_id for e in mp.evaluations.paginate("ret_1")] == ["e1"]
    assert recording_server.last_request.raw_path == "/v1/retrievers/ret_1/evaluations"
    recording_server.reset()
    recording_server.enqueue(
        200, {"results": [{"interaction_id": "i1"}], "pagination": {"next_cursor": "c2"}}
    )
    recording_server.enqueue(
        200, {"results": [{"interaction_id": "i2"}], "pagination": {"next_cursor": None}}
    )
    assert [i.interaction_id for i in mp.retrievers.paginate_interactions("ret_1")] == ["i1", "i2"]
    requests = recording_server.requests
    assert [r.raw_path for r in requests] == ["/v1/retrievers/interactions/list"] * 2
    assert requests[1].query["cursor"] == ["c2"] and requests[1].json() == {"retriever_id": "ret_1"}
