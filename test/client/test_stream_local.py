"""Streaming execution end to end: ``mp.retrievers.execute(..., stream=True)`` against the local server.

The flow is the SDK description's bring-your-own-vectors example (standalone namespace, upsert with a write
token, a feature_search retriever); the execution is streamed, and the client yields typed events as the
server sends them: ``stage_start``, ``stage_complete``, then ``execution_complete`` with the final response.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mixpeek import models
from mixpeek.client import Mixpeek, RetrieverStreamEvent
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.local import serve

NAMESPACE = "my-vectors"
QUERY = [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]
NEAR = [0.2, 0.1, -0.3, -0.4, 0.0, 0.3, -0.4, -0.5]
FEATURE_SEARCH = feature_search_stage(vector_search("text_8", "{{INPUT.qv}}", top_k=5), final_top_k=5)


@pytest.fixture
def mp(clean_env: pytest.MonkeyPatch) -> Iterator[Mixpeek]:
    """A client for a fresh local server whose reads without a write token lag a minute behind."""
    with serve(read_lag_seconds=60.0) as url:
        client = Mixpeek(api_key="sk_xxxxxxxxxxxxx", namespace=NAMESPACE, base_url=url)
        with client:
            yield client


def _seed(mp: Mixpeek) -> tuple[str, str]:
    """The example's namespace, documents and retriever; returns (retriever id, write token)."""
    mp.namespaces.create(
        namespace_id=NAMESPACE,
        mode="standalone",
        vector_configs=[{"name": "text_8", "dimension": 8, "metric": "cosine"}],
    )
    far = [-value for value in QUERY]
    upserted = mp.namespaces.documents.upsert(
        namespace_id=NAMESPACE,
        documents=[
            {"document_id": "doc-far", "vectors": {"text_8": far}, "payload": {"body": "elsewhere"}},
            {
                "document_id": "doc-1",
                "vectors": {"text_8": QUERY},
                "payload": {"body": "hello world", "category": "docs"},
            },
            {"document_id": "doc-2", "vectors": {"text_8": NEAR}, "payload": {"body": "close by"}},
        ],
        options={"write_token": True},
    )
    retriever = mp.retrievers.create(
        retriever_name="byov-search",
        stages=[FEATURE_SEARCH],
        input_schema={"qv": {"type": "array", "required": True}},
    )
    return str(retriever["retriever_id"]), str(upserted["write_token"])


def _ids(documents: Any) -> list[str]:
    return [str(document["document_id"]) for document in documents]


def test_streamed_execution_yields_typed_events_in_order_ending_with_the_nearest_document(
    mp: Mixpeek,
) -> None:
    retriever_id, write_token = _seed(mp)

    stream = mp.retrievers.execute(retriever_id, inputs={"qv": QUERY}, stream=True, write_token=write_token)
    events = list(stream)

    assert all(isinstance(event, RetrieverStreamEvent) for event in events)
    assert [event.event_type for event in events] == ["stage_start", "stage_complete", "execution_complete"]
    start, complete, final = events
    assert (start.stage_name, start.stage_index, start.total_stages) == ("feature_search", 0, 1)
    assert (complete.stage_name, complete.stage_index, complete.total_stages) == ("feature_search", 0, 1)
    assert start.documents is None and start.statistics is None
    assert complete.statistics is not None
    assert (complete.statistics["input_count"], complete.statistics["output_count"]) == (3, 3)
    assert complete.documents is not None and _ids(complete.documents)[0] == "doc-1"
    nearest, second = complete.documents[0], complete.documents[1]
    assert (nearest.document_id, nearest.payload.body, nearest["payload"]["category"]) == (
        "doc-1",
        "hello world",
        "docs",
    )
    assert nearest.score > second.score and isinstance(nearest.score + 1.0, float)
    assert complete.budget_used is not None and complete.budget_used["credits_used"] == 0.0
    assert [event.is_final for event in events] == [False, False, True]
    assert start.result is None and complete.result is None
    assert final.execution_id and {event.execution_id for event in events} == {final.execution_id}

    result = final.result
    assert isinstance(result, models.ExecuteRetrieverResponse)
    assert result.execution_id == final.execution_id and result.status == "completed"
    assert result.retriever_id == retriever_id
    assert result.documents is not None
    assert _ids(result.documents) == ["doc-1", "doc-2", "doc-far"]  # nearest the query first
    assert result.documents[0]["payload"] == {"body": "hello world", "category": "docs"}
    assert result.documents[0]["score"] > result.documents[1]["score"] > result.documents[2]["score"]
    assert result.pagination is not None and result.pagination["total"] == 3
    assert result.stage_statistics is not None and result.stage_statistics.stages is not None
    assert result.stage_statistics.stages["feature_search"].output_count == 3

    # The same execution without streaming gives the same documents.
    plain = mp.retrievers.execute(retriever_id, inputs={"qv": QUERY}, write_token=write_token)
    assert plain.documents is not None and _ids(plain.documents) == _ids(result.documents)
    assert type(plain.documents[0]) is type(nearest)  # streamed hits are a result's hits
    assert (plain.documents[0].document_id, plain.documents[0].score) == (nearest.document_id, nearest.score)


def test_the_write_token_travels_with_a_streamed_execution(mp: Mixpeek) -> None:
    retriever_id, write_token = _seed(mp)

    stale = list(mp.retrievers.execute(retriever_id, inputs={"qv": QUERY}, stream=True))
    fresh = list(
        mp.retrievers.execute(retriever_id, inputs={"qv": QUERY}, stream=True, write_token=write_token)
    )

    stale_result, fresh_result = stale[-1].result, fresh[-1].result
    assert stale_result is not None and stale_result.documents == []  # the lagging snapshot is empty
    assert fresh_result is not None and fresh_result.documents is not None
    assert _ids(fresh_result.documents)[0] == "doc-1"


def test_a_stage_the_local_server_cannot_run_ends_the_stream_with_an_error_event(mp: Mixpeek) -> None:
    retriever_id, write_token = _seed(mp)
    mp.retrievers.update(
        retriever_id, stages=[FEATURE_SEARCH, {"stage_name": "rerank", "config": {"stage_id": "rerank"}}]
    )

    events = list(
        mp.retrievers.execute(retriever_id, inputs={"qv": QUERY}, stream=True, write_token=write_token)
    )

    assert [(event.event_type, event.stage_index) for event in events] == [
        ("stage_start", 0),
        ("stage_complete", 0),
        ("stage_start", 1),
        ("stage_error", 1),
        ("execution_error", None),
    ]
    assert events[-1].is_final and events[-1].result is None
    assert events[-1].error is not None and "rerank" in events[-1].error
