"""mp.search: by vectors through an ephemeral feature_search retriever (created, executed, always deleted),
by text through an ad-hoc execution; every query spelling the published client accepts."""

from __future__ import annotations

from typing import Any

import pytest

from mixpeek._runtime.record import Record
from mixpeek.client import Mixpeek, MixpeekAPIError
from mixpeek.exceptions import ApiValueError, BadRequestException
from test.support.servers import RecordingServer

CREATED = {"retriever_id": "ret_tmp", "retriever_name": "tmp", "stages": [], "collection_identifiers": []}
EXECUTED = {
    "execution_id": "e1",
    "status": "completed",
    "documents": [{"document_id": "doc-1", "score": 1.0}],
}
VECTOR = [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]
VECTOR_QUERY = {"input_mode": "vector", "value": VECTOR}


def answer_a_vector_search(server: RecordingServer) -> None:
    server.enqueue(200, CREATED)
    server.enqueue(200, EXECUTED)
    server.enqueue(200, {})


def searches_sent(server: RecordingServer) -> list[dict[str, Any]]:
    parameters = server.requests[0].json()["stages"][0]["config"]["parameters"]
    return list(parameters["searches"])


def test_vector_search_creates_executes_and_deletes_a_retriever(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    answer_a_vector_search(recording_server)

    result = mp.search(
        namespace_id="my-vectors", queries=[{"feature_uri": "text_8", "vector": VECTOR}], limit=3
    )

    create, execute, delete = recording_server.requests
    assert (create.method, create.raw_path) == ("POST", "/v1/retrievers")
    assert (execute.method, execute.raw_path) == ("POST", "/v1/retrievers/ret_tmp/execute")
    assert (delete.method, delete.raw_path) == ("DELETE", "/v1/retrievers/ret_tmp")
    assert {r.headers["X-Namespace"] for r in (create, execute, delete)} == {"my-vectors"}
    assert create.json()["retriever_name"].startswith("sdk-byov-search-")
    stage = create.json()["stages"][0]
    assert stage["config"]["stage_id"] == "feature_search"
    assert stage["config"]["parameters"]["final_top_k"] == 3
    assert searches_sent(recording_server) == [{"feature_uri": "text_8", "query": VECTOR_QUERY}]
    assert execute.json() == {"inputs": {}}
    assert isinstance(result, Record) and result == EXECUTED
    assert result.documents[0].document_id == "doc-1"


@pytest.mark.parametrize(
    "query",
    [
        {"vector_name": "text_8", "vector": VECTOR},
        {"feature_uri": "text_8", "vector": VECTOR},
        {"feature_uri": "text_8", "query": VECTOR_QUERY},
    ],
    ids=["vector_name+vector", "feature_uri+vector", "feature_uri+query"],
)
def test_every_published_query_spelling_becomes_the_same_search(
    query: dict[str, Any], mp: Mixpeek, recording_server: RecordingServer
) -> None:
    answer_a_vector_search(recording_server)
    mp.search(queries=[query])
    assert searches_sent(recording_server) == [{"feature_uri": "text_8", "query": VECTOR_QUERY}]
    assert query.get("vector", query.get("query")) is not None  # the caller's dict is left as it was


def test_final_top_k_is_the_largest_query_top_k_and_filters_go_to_the_execution(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    answer_a_vector_search(recording_server)
    mp.search(
        queries=[{"feature_uri": "a", "vector": VECTOR, "top_k": 4}, {"feature_uri": "b", "vector": VECTOR}],
        limit=2,
        filters={"AND": [{"field": "x", "operator": "eq", "value": 1}]},
    )
    create, execute, _ = recording_server.requests
    assert create.json()["stages"][0]["config"]["parameters"]["final_top_k"] == 4
    assert execute.json()["filters"] == {"AND": [{"field": "x", "operator": "eq", "value": 1}]}


def test_the_retriever_is_deleted_even_when_execution_fails(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, CREATED)
    recording_server.enqueue(400, {"error": {"message": "bad vector"}})
    recording_server.enqueue(200, {})

    with pytest.raises(MixpeekAPIError) as caught:
        mp.search(queries=[{"feature_uri": "text_8", "vector": VECTOR}])

    assert caught.value.status == 400 and isinstance(caught.value, BadRequestException)
    last = recording_server.last_request
    assert (last.method, last.raw_path) == ("DELETE", "/v1/retrievers/ret_tmp")
    assert last.headers["X-Namespace"] == "ns_test"


def test_a_failed_cleanup_does_not_hide_the_result(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.enqueue(200, CREATED)
    recording_server.enqueue(200, EXECUTED)
    recording_server.enqueue(404, {"error": "gone"})
    result = mp.search(queries=[{"feature_uri": "text_8", "vector": VECTOR}])
    assert result.execution_id == "e1"


FEATURES = {
    "features": [
        {"feature_uri": "mixpeek://x@v1/other", "primary": False},
        {"feature_uri": "mixpeek://x@v1/main", "primary": True},
    ]
}


def test_text_search_with_a_positional_query_runs_an_adhoc_execution_over_the_primary_feature(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, FEATURES)
    recording_server.enqueue(200, EXECUTED)

    result = mp.search("red cars", collection="films", limit=5, filters={"AND": []})

    describe, execute = recording_server.requests
    assert (describe.method, describe.raw_path) == ("GET", "/v1/collections/films/features")
    assert (execute.method, execute.raw_path) == ("POST", "/v1/retrievers/execute")
    body = execute.json()
    assert body["collection_identifiers"] == ["films"]
    assert body["inputs"] == {"query": "red cars"}
    assert body["filters"] == {"AND": []}
    parameters = body["stages"][0]["config"]["parameters"]
    assert parameters["final_top_k"] == 5
    assert [(s["feature_uri"], s["query"]["input_mode"]) for s in parameters["searches"]] == [
        ("mixpeek://x@v1/main", "text")
    ]
    assert result == EXECUTED


def test_text_search_over_a_given_feature_reads_no_features(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, EXECUTED)
    mp.search(query="red cars", collection="films", feature_uri="mixpeek://x@v1/main", namespace="other")
    (execute,) = recording_server.requests
    assert execute.raw_path == "/v1/retrievers/execute"
    assert execute.headers["X-Namespace"] == "other"


def test_search_refuses_incomplete_arguments_before_sending(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(ValueError, match="text query"):
        mp.search()
    with pytest.raises(ApiValueError, match="queries"):
        mp.search(namespace_id="x")
    with pytest.raises(ApiValueError, match="collection"):
        mp.search("red cars")
    with pytest.raises(ApiValueError, match="feature_uri"):
        mp.search(queries=[{"vector": VECTOR}])
    with pytest.raises(ApiValueError, match="query 0: 'vector' must be a list"):
        mp.search(queries=[{"feature_uri": "text_8", "vector": 0.5}])
    with pytest.raises(ApiValueError, match="'top_k' must be an int"):
        mp.search(queries=[{"feature_uri": "text_8", "vector": VECTOR, "top_k": "many"}])
    assert recording_server.requests == []
