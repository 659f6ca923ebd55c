"""Streaming execution: ``"stream": true`` answers ``text/event-stream``, one event per stage step.

The event shape is the API's StreamStageEvent (event_type, execution_id, stage_name, stage_index,
total_stages, documents, statistics, budget_used, error), each sent as ``data: {json}`` and a blank line;
the last event, ``execution_complete``, carries the whole ExecuteRetrieverResponse in its own fields.
The stream is read here with plain urllib3, as any HTTP client would.
"""

from __future__ import annotations

import http.client
import json
from typing import Any, Optional
from urllib.parse import urlsplit

import urllib3

import mixpeek
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.models import CreateRetrieverRequest
from test.local.helpers import (
    TEST_KEY,
    assert_error_shape,
    create_standalone,
    execute,
    ids_of,
    raw,
    upsert,
    vector_search_stage,
)

JsonDict = dict[str, Any]
QUERY = [1.0, 0.0]
_HTTP = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=30))

DOCS_ONLY = {
    "stage_name": "docs_only",
    "stage_type": "filter",
    "config": {"stage_id": "attribute_filter", "parameters": {"field": "category", "value": "docs"}},
}


def _seed(client: mixpeek.ApiClient, namespace: str) -> None:
    """Six documents doc-0..doc-5 along [1, i/10] (doc-0 nearest the query), odd ones in "docs"."""
    create_standalone(client, namespace, dimension=2)
    payloads = [{"category": "docs" if i % 2 else "blog"} for i in range(6)]
    upsert(client, namespace, [[1.0, i / 10] for i in range(6)], payloads)


def _two_stage_retriever(client: mixpeek.ApiClient, stages: Optional[list[JsonDict]] = None) -> str:
    """search (top 4) then docs_only: candidates 6 -> 4 -> 2 (doc-1, doc-3)."""
    created = RetrieversApi(client).create_retriever(
        CreateRetrieverRequest.model_validate(
            {
                "retriever_name": "two-stage",
                "stages": stages or [vector_search_stage(4), DOCS_ONLY],
                "input_schema": {"qv": {"type": "array", "required": True}},
            }
        )
    )
    return str(created.retriever_id)


def _post_stream(
    url: str, path: str, body: JsonDict, namespace: str, headers: Optional[dict[str, str]] = None
) -> tuple[urllib3.BaseHTTPResponse, list[bytes]]:
    """POST with urllib3 without preloading; returns the response and its body's HTTP chunks as read."""
    response = _HTTP.request(
        "POST",
        url + path,
        body=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {TEST_KEY}",
            "X-Namespace": namespace,
            "Content-Type": "application/json",
            "Accept": "text/event-stream",
            **(headers or {}),
        },
        preload_content=False,
    )
    try:
        chunks = list(response.read_chunked()) if response.chunked else [response.read()]
    finally:
        response.release_conn()
    return response, chunks


def _events(chunks: list[bytes]) -> list[JsonDict]:
    """The events of an SSE body: ``data: {json}`` blocks separated by blank lines."""
    blocks = [block for block in b"".join(chunks).decode().split("\n\n") if block]
    assert all(block.startswith("data: ") and "\n" not in block for block in blocks), blocks
    return [json.loads(block[len("data: ") :]) for block in blocks]


def _steps(events: list[JsonDict]) -> list[tuple[str, Optional[str], Optional[int]]]:
    return [(e["event_type"], e.get("stage_name"), e.get("stage_index")) for e in events]


def test_a_two_stage_execution_streams_each_stage_then_the_whole_response(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    retriever_id = _two_stage_retriever(client)
    body = {"inputs": {"qv": QUERY}, "stream": True}

    response, chunks = _post_stream(local_url, f"/v1/retrievers/{retriever_id}/execute", body, namespace_name)

    assert response.status == 200
    assert response.headers["Content-Type"] == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.chunked and "Content-Length" not in response.headers
    assert "X-Execution-Mode" not in response.headers  # only ad-hoc executions say so
    events = _events(chunks)
    assert len(chunks) == len(events)  # each event is written (and flushed) as a chunk of its own
    assert _steps(events) == [
        ("stage_start", "feature_search", 0),
        ("stage_complete", "feature_search", 0),
        ("stage_start", "docs_only", 1),
        ("stage_complete", "docs_only", 1),
        ("execution_complete", None, None),
    ]
    execution_id = events[0]["execution_id"]
    assert execution_id.startswith("exec_")
    assert all(event["execution_id"] == execution_id for event in events)
    assert all(event["total_stages"] == 2 for event in events[:4])

    start, searched, _, filtered, complete = events
    assert set(start) == {"event_type", "execution_id", "stage_name", "stage_index", "total_stages"}
    assert {k: searched["statistics"][k] for k in ("input_count", "output_count")} == {
        "input_count": 6,
        "output_count": 4,
    }
    assert {k: filtered["statistics"][k] for k in ("input_count", "output_count")} == {
        "input_count": 4,
        "output_count": 2,
    }
    assert filtered["statistics"]["efficiency"] == 0.5
    assert [d["document_id"] for d in searched["documents"]] == ["doc-0", "doc-1", "doc-2", "doc-3"]
    assert [d["document_id"] for d in filtered["documents"]] == ["doc-1", "doc-3"]
    assert all(isinstance(d["score"], float) for d in searched["documents"])
    for event in (searched, filtered):
        assert event["budget_used"]["credits_used"] == 0.0
        assert event["budget_used"]["tokens_used"] == 0
    assert searched["budget_used"]["time_elapsed_ms"] <= filtered["budget_used"]["time_elapsed_ms"]

    # The final event is the ExecuteRetrieverResponse a non-streaming call gets, in the event's own fields.
    assert complete["status"] == "completed"
    assert complete["retriever_id"] == retriever_id
    assert [d["document_id"] for d in complete["documents"]] == ["doc-1", "doc-3"]
    assert complete["results"] == complete["documents"]
    assert complete["pagination"]["total"] == 2
    assert complete["stage_statistics"]["stages"]["docs_only"]["output_count"] == 2
    path = f"/v1/retrievers/{retriever_id}/execute"
    status, plain = raw(local_url, "POST", path, {"inputs": {"qv": QUERY}}, namespace=namespace_name)
    assert status == 200 and set(plain) == set(complete) - {"event_type"}
    assert ids_of(execute(client, retriever_id, inputs={"qv": QUERY})) == ["doc-1", "doc-3"]


def test_an_adhoc_execution_streams_too_and_says_it_is_adhoc(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    stages = [vector_search_stage(4), DOCS_ONLY]
    body = {"stages": stages, "inputs": {"qv": QUERY}, "stream": True}

    response, chunks = _post_stream(local_url, "/v1/retrievers/execute", body, namespace_name)

    assert response.status == 200
    assert response.headers["Content-Type"] == "text/event-stream"
    assert response.headers["X-Execution-Mode"] == "adhoc"
    events = _events(chunks)
    assert [e["event_type"] for e in events] == ["stage_start", "stage_complete"] * 2 + ["execution_complete"]
    assert [d["document_id"] for d in events[-1]["documents"]] == ["doc-1", "doc-3"]
    assert events[-1]["retriever_id"] == ""

    plain, chunks = _post_stream(
        local_url, "/v1/retrievers/execute", {**body, "stream": False}, namespace_name
    )
    assert plain.status == 200 and plain.headers["Content-Type"] == "application/json"
    assert plain.headers["X-Execution-Mode"] == "adhoc"
    assert [d["document_id"] for d in json.loads(b"".join(chunks))["documents"]] == ["doc-1", "doc-3"]


def test_without_stream_the_answer_stays_json(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    retriever_id = _two_stage_retriever(client)
    body = {"inputs": {"qv": QUERY}}
    response, chunks = _post_stream(local_url, f"/v1/retrievers/{retriever_id}/execute", body, namespace_name)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    assert [d["document_id"] for d in json.loads(b"".join(chunks))["documents"]] == ["doc-1", "doc-3"]


def test_a_failing_stage_ends_the_stream_with_stage_error_then_execution_error(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    not_emulated = {"stage_name": "rerank", "stage_type": "sort", "config": {"stage_id": "rerank"}}
    retriever_id = _two_stage_retriever(client, [vector_search_stage(4), not_emulated])
    body = {"inputs": {"qv": QUERY}, "stream": True}

    response, chunks = _post_stream(local_url, f"/v1/retrievers/{retriever_id}/execute", body, namespace_name)

    assert response.status == 200  # the stream had begun when the stage failed
    events = _events(chunks)
    assert _steps(events) == [
        ("stage_start", "feature_search", 0),
        ("stage_complete", "feature_search", 0),
        ("stage_start", "rerank", 1),
        ("stage_error", "rerank", 1),
        ("execution_error", None, None),
    ]
    assert "rerank" in events[3]["error"] and "not emulated" in events[3]["error"]
    assert events[4]["error"] == events[3]["error"]
    assert "documents" not in events[3] and "documents" not in events[4]


def test_a_request_refused_before_any_stage_is_an_ordinary_error_response(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    retriever_id = _two_stage_retriever(client)
    path = f"/v1/retrievers/{retriever_id}/execute"

    missing_input, chunks = _post_stream(local_url, path, {"inputs": {}, "stream": True}, namespace_name)
    assert missing_input.status == 400
    assert missing_input.headers["Content-Type"] == "application/json"
    assert_error_shape(json.loads(b"".join(chunks)), 400)

    unknown, chunks = _post_stream(
        local_url, "/v1/retrievers/ret_missing/execute", {"stream": True}, namespace_name
    )
    assert unknown.status == 404
    assert_error_shape(json.loads(b"".join(chunks)), 404)


def test_the_connection_serves_the_next_request_after_a_stream(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    retriever_id = _two_stage_retriever(client)
    parts = urlsplit(local_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    headers = {
        "Authorization": f"Bearer {TEST_KEY}",
        "X-Namespace": namespace_name,
        "Content-Type": "application/json",
    }
    try:
        body = json.dumps({"inputs": {"qv": QUERY}, "stream": True})
        connection.request("POST", f"/v1/retrievers/{retriever_id}/execute", body=body, headers=headers)
        streamed = connection.getresponse()
        events = _events([streamed.read()])
        socket_before = connection.sock
        connection.request("GET", f"/v1/retrievers/{retriever_id}", headers=headers)
        after = connection.getresponse()
        retriever = json.loads(after.read())
        same_socket = connection.sock is socket_before
    finally:
        connection.close()
    assert events[-1]["event_type"] == "execution_complete"
    assert after.status == 200 and retriever["retriever_id"] == retriever_id
    assert socket_before is not None and same_socket


def test_an_idempotency_key_does_not_turn_a_stream_into_a_stored_answer(
    client: mixpeek.ApiClient, local_url: str, namespace_name: str
) -> None:
    _seed(client, namespace_name)
    retriever_id = _two_stage_retriever(client)
    path = f"/v1/retrievers/{retriever_id}/execute"
    body = {"inputs": {"qv": QUERY}, "stream": True}
    key = {"Idempotency-Key": "same-key"}
    first = _events(_post_stream(local_url, path, body, namespace_name, key)[1])
    second = _events(_post_stream(local_url, path, body, namespace_name, key)[1])
    assert _steps(first) == _steps(second) and len(second) == 5
    assert first[0]["execution_id"] != second[0]["execution_id"]  # executions are reads: each one runs
