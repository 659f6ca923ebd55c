"""mp.search: an ephemeral feature_search retriever, created, executed and always deleted."""

from __future__ import annotations

import pytest

from mixpeek import models
from mixpeek.client import Mixpeek
from mixpeek.exceptions import ApiException, ApiValueError
from test.support.servers import RecordingServer

CREATED = {"retriever_id": "ret_tmp", "retriever_name": "tmp", "stages": [], "collection_identifiers": []}
EXECUTED = {
    "execution_id": "e1",
    "status": "completed",
    "documents": [{"document_id": "doc-1", "score": 1.0}],
}
VECTOR = [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]


def test_vector_search_creates_executes_and_deletes_a_retriever(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, CREATED)
    recording_server.enqueue(200, EXECUTED)
    recording_server.enqueue(200, {})

    result = mp.search(
        namespace_id="my-vectors", queries=[{"feature_uri": "text_8", "vector": VECTOR}], top_k=3
    )

    create, execute, delete = recording_server.requests
    assert (create.method, create.raw_path) == ("POST", "/v1/retrievers")
    assert (execute.method, execute.raw_path) == ("POST", "/v1/retrievers/ret_tmp/execute")
    assert (delete.method, delete.raw_path) == ("DELETE", "/v1/retrievers/ret_tmp")
    assert {r.headers["X-Namespace"] for r in (create, execute, delete)} == {"my-vectors"}
    stage = create.json()["stages"][0]
    assert stage["config"]["stage_id"] == "feature_search"
    search = stage["config"]["parameters"]["searches"][0]
    assert search["feature_uri"] == "text_8"
    assert search["query"] == {"input_mode": "vector", "value": "{{INPUT.q0}}"}
    assert stage["config"]["parameters"]["final_top_k"] == 3
    assert create.json()["input_schema"] == {"q0": {"type": "array", "required": True}}
    assert execute.json()["inputs"] == {"q0": VECTOR}
    assert isinstance(result, models.ExecuteRetrieverResponse)
    assert result.documents == EXECUTED["documents"]


def test_the_retriever_is_deleted_even_when_execution_fails(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, CREATED)
    recording_server.enqueue(400, {"error": {"message": "bad vector"}})
    recording_server.enqueue(200, {})

    with pytest.raises(ApiException) as caught:
        mp.search(queries=[{"feature_uri": "text_8", "vector": VECTOR}])

    assert caught.value.status == 400
    last = recording_server.last_request
    assert (last.method, last.raw_path) == ("DELETE", "/v1/retrievers/ret_tmp")
    assert last.headers["X-Namespace"] == "ns_test"


def test_a_failed_cleanup_does_not_hide_the_result(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.enqueue(200, CREATED)
    recording_server.enqueue(200, EXECUTED)
    recording_server.enqueue(404, {"error": "gone"})
    result = mp.search(queries=[{"feature_uri": "text_8", "vector": VECTOR}])
    assert result.execution_id == "e1"


def test_text_search_uses_the_collections_primary_feature(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(
        200,
        {
            "features": [
                {
                    "feature_address": "a",
                    "feature_extractor_name": "x",
                    "version": "v1",
                    "vector_index": {},
                    "feature_uri": "mixpeek://x@v1/other",
                    "primary": False,
                },
                {
                    "feature_address": "b",
                    "feature_extractor_name": "x",
                    "version": "v1",
                    "vector_index": {},
                    "feature_uri": "mixpeek://x@v1/main",
                    "primary": True,
                },
            ]
        },
    )
    recording_server.enqueue(200, CREATED)
    recording_server.enqueue(200, EXECUTED)
    recording_server.enqueue(200, {})

    mp.search(query="red cars", collection="films")

    describe, create, execute, _ = recording_server.requests
    assert (describe.method, describe.raw_path) == ("GET", "/v1/collections/films/features")
    body = create.json()
    assert body["collection_identifiers"] == ["films"]
    searches = body["stages"][0]["config"]["parameters"]["searches"]
    assert [s["feature_uri"] for s in searches] == ["mixpeek://x@v1/main"]
    assert searches[0]["query"]["input_mode"] == "text"
    assert execute.json()["inputs"] == {"query": "red cars"}


def test_search_needs_queries_or_a_text_query(mp: Mixpeek, recording_server: RecordingServer) -> None:
    with pytest.raises(ApiValueError):
        mp.search(namespace_id="x")
    with pytest.raises(ApiValueError, match="feature_uri"):
        mp.search(queries=[{"vector": VECTOR}])
    with pytest.raises(ApiValueError, match="query 0: 'vector' must be a list"):
        mp.search(queries=[{"feature_uri": "text_8", "vector": 0.5}])
    with pytest.raises(ApiValueError, match="'top_k' an int"):
        mp.search(queries=[{"feature_uri": "text_8", "vector": VECTOR, "top_k": "many"}])
    assert recording_server.requests == []
