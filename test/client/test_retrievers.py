"""Retriever execution: write tokens as X-Write-Token, and streamed stage events."""

from __future__ import annotations

import json

import pytest

from mixpeek import models
from mixpeek._runtime.record import Record
from mixpeek.client import HitPositionError, Mixpeek, RetrieverStreamEvent
from mixpeek.client.streaming import parse_event_stream
from mixpeek.exceptions import (
    ApiDeserializationError,
    NotFoundException,
    RequestValidationError,
    UnauthorizedException,
)
from test.conftest import TEST_API_KEY
from test.support.servers import RecordingServer

EXECUTED = {
    "execution_id": "e1",
    "status": "completed",
    "documents": [{"document_id": "doc-1", "score": 0.9}],
}


def sse(*events: dict[str, object]) -> list[bytes]:
    return [f"data: {json.dumps(event)}\n\n".encode() for event in events]


def test_write_token_travels_as_the_x_write_token_header(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, EXECUTED)
    result = mp.retrievers.execute("ret_1", inputs={"qv": [0.1, 0.2]}, write_token="wt_abc")
    request = recording_server.last_request
    assert request.headers["X-Write-Token"] == "wt_abc"
    assert request.headers["X-Namespace"] == "ns_test"
    assert request.json()["inputs"] == {"qv": [0.1, 0.2]}
    assert isinstance(result, Record) and result == EXECUTED
    assert result.documents[0].document_id == "doc-1"


def test_no_write_token_header_without_a_token(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, EXECUTED)
    mp.retrievers.execute("ret_1", {"q": "x"})
    assert "X-Write-Token" not in recording_server.last_request.headers


def test_per_call_namespace_overrides_the_default(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, EXECUTED)
    mp.retrievers.execute("ret_1", {"q": "x"}, namespace="other")
    assert recording_server.last_request.headers["X-Namespace"] == "other"


def test_stream_yields_typed_stage_events_ending_with_the_result(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    chunks = sse(
        {
            "event_type": "stage_start",
            "execution_id": "e1",
            "stage_name": "search",
            "stage_index": 0,
            "total_stages": 1,
        },
        {
            "event_type": "stage_complete",
            "execution_id": "e1",
            "stage_name": "search",
            "stage_index": 0,
            "total_stages": 1,
            "documents": [{"document_id": "doc-1"}],
            "statistics": {"duration_ms": 3},
        },
        {
            "event_type": "execution_complete",
            "execution_id": "e1",
            "result": {"execution_id": "e1", "status": "completed", "documents": [{"document_id": "doc-1"}]},
        },
    )
    recording_server.respond(200, None, content_type="text/event-stream", chunks=chunks)

    events = list(mp.retrievers.execute("ret_1", {"q": "x"}, stream=True, write_token="wt"))

    request = recording_server.last_request
    assert request.json()["stream"] is True
    assert request.headers["X-Write-Token"] == "wt"
    assert request.headers["Accept"].startswith("text/event-stream")
    assert [e.event_type for e in events] == ["stage_start", "stage_complete", "execution_complete"]
    assert all(isinstance(e, RetrieverStreamEvent) for e in events)
    assert events[1].statistics == {"duration_ms": 3}
    assert events[1]["stage_name"] == "search"
    assert events[-1].is_final and not events[0].is_final
    final = events[-1].result
    assert isinstance(final, models.ExecuteRetrieverResponse)
    assert final.documents == [{"document_id": "doc-1"}]
    assert events[0].result is None


def test_streamed_hits_are_the_hits_of_an_execution_result_typed_and_lenient(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    hits = [
        {"document_id": "doc-1", "score": 0.9, "payload": {"title": "cat"}, "rank": 1},
        {"document_id": "doc-2"},  # no score, no payload: must not fail the stream
        "not an object",
    ]
    chunks = sse({"event_type": "stage_complete", "documents": hits})
    recording_server.respond(200, None, content_type="text/event-stream", chunks=chunks)

    (event,) = mp.retrievers.execute("ret_1", {"q": "x"}, stream=True)

    assert event.documents is not None and event.documents == hits
    first, partial, odd = event.documents
    assert (first.document_id, first.score, first.payload.title, first.rank) == ("doc-1", 0.9, "cat", 1)
    assert first["score"] + 1.0 == 1.9 and first.get("payload") == {"title": "cat"}
    assert partial.document_id == "doc-2" and partial.get("score") is None and "score" not in partial
    with pytest.raises(AttributeError, match="score"):
        partial.score  # noqa: B018 - reading it is the test
    assert odd == "not an object"
    recording_server.respond(200, EXECUTED)
    plain = mp.retrievers.execute("ret_1", {"q": "x"})
    assert type(first) is type(plain.documents[0]) is Record  # the class of a regular result's hits


def test_stream_sends_nothing_until_iterated(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, None, content_type="text/event-stream", chunks=sse({"event_type": "x"}))
    stream = mp.retrievers.execute("ret_1", {"q": "x"}, stream=True)
    assert recording_server.requests == []
    assert [e.event_type for e in stream] == ["x"]


def test_event_stream_parser_handles_event_names_multiline_data_comments_and_ndjson() -> None:
    lines = [
        ": keep-alive",
        "event: stage_start",
        'data: {"stage_name":',
        'data:  "s1"}',
        "",
        '{"event_type": "execution_complete", "execution_id": "e9", "documents": []}',
        'data: {"type": "stage_error", "error": "boom"}',
    ]
    events = list(parse_event_stream(lines))
    assert [e.event_type for e in events] == ["stage_start", "execution_complete", "stage_error"]
    assert events[0].stage_name == "s1"
    assert events[1].result is not None and events[1].result.execution_id == "e9"
    assert events[2].error == "boom"


def test_stream_error_status_raises_the_sdk_exception(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(404, {"error": {"message": "retriever not found"}})
    with pytest.raises(NotFoundException) as caught:
        list(mp.retrievers.execute("ret_missing", {"q": "x"}, stream=True))
    assert caught.value.status == 404
    assert "retriever not found" in str(caught.value)


def test_stream_answered_with_plain_json_gives_one_final_event(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, EXECUTED)
    events = list(mp.retrievers.execute("ret_1", {"q": "x"}, stream=True))
    assert [e.event_type for e in events] == ["execution_complete"]
    final = events[0].result
    assert final is not None and final.documents == EXECUTED["documents"]


def test_stream_event_that_is_not_json_raises_the_sdk_deserialization_error(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    chunks = sse({"event_type": "stage_start"}) + [b"data: {not json\n\n"]
    recording_server.respond(200, None, content_type="text/event-stream", chunks=chunks)
    stream = mp.retrievers.execute("ret_1", {"q": "x"}, stream=True)
    assert next(stream).event_type == "stage_start"
    with pytest.raises(ApiDeserializationError) as caught:
        next(stream)
    assert caught.value.status == 200
    assert caught.value.body == "{not json"
    assert caught.value.operation == "RetrieversApi.execute_retriever"


def test_stream_plain_json_answer_that_is_not_json_raises_the_sdk_deserialization_error(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, b'{"execution_id": ', content_type="application/json")
    with pytest.raises(ApiDeserializationError):
        list(mp.retrievers.execute("ret_1", {"q": "x"}, stream=True))


def test_stream_events_and_result_that_do_not_match_are_decoded_leniently() -> None:
    lines = ['data: {"event_type": "execution_complete", "stage_index": "first", "documents": "none"}']
    (event,) = parse_event_stream(lines)
    assert event.stage_index == "first"
    result = event.result
    assert isinstance(result, models.ExecuteRetrieverResponse)
    assert result.documents == "none"


def test_stream_error_status_is_the_runtime_error_with_the_key_redacted(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    echoed = {"error": {"message": f"bad key Bearer {TEST_API_KEY}"}}
    recording_server.respond(401, echoed, headers={"X-Echo": TEST_API_KEY})
    with pytest.raises(UnauthorizedException) as caught:
        list(mp.retrievers.execute("ret_1", {"q": "x"}, stream=True))
    error = caught.value
    assert TEST_API_KEY not in str(error) and TEST_API_KEY not in (error.body or "")
    assert error.headers is not None and TEST_API_KEY not in error.headers["X-Echo"]
    assert isinstance(error.data, models.ErrorResponse)
    assert error.operation == "RetrieversApi.execute_retriever"


@pytest.mark.parametrize("position", [2, 7, -1])
def test_an_interaction_with_a_hit_the_result_lacks_is_refused_as_an_index_error_too(
    mp: Mixpeek, recording_server: RecordingServer, position: int
) -> None:
    result = {
        "retriever_id": "ret_1",
        "execution_id": "exec_1",
        "documents": [{"document_id": "a"}, {"document_id": "b"}],
    }
    with pytest.raises(HitPositionError) as caught:
        mp.retrievers.create_interaction_from_result(result, position=position)
    assert isinstance(caught.value, IndexError) and isinstance(caught.value, RequestValidationError)
    assert str(caught.value) == (
        f"Retrievers.create_interaction_from_result: position {position} is not a hit of the result, "
        "which has 2; nothing was sent"
    )
    assert recording_server.requests == []
