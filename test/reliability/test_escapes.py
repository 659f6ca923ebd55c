"""Smaller escapes: values that used to get a foreign exception, a wrong success or the key out of a call.

- numbers too large for Python's conversions (a 400-digit retry hint, a 5,000-digit integer in a body);
- a NUL, like CR and LF, in any header source, `proxy_headers` included; an empty path parameter;
- server-sent events with CR, LF or CRLF line endings;
- the API key in the exception chain, in streaming errors, and in tracebacks rendered with their locals.

Everything runs against real servers on 127.0.0.1 through the generated classes or `Mixpeek`.
"""

from __future__ import annotations

import json
import pickle
import traceback
from typing import Any, Callable

import pytest

from mixpeek import CollectionsApi, Mixpeek, PublicRetrieverAPIApi, RetrieverExecutionRequest
from mixpeek._runtime.retry import RetryPolicy
from mixpeek.api_client import ApiClient
from mixpeek.client.streaming import parse_event_stream
from mixpeek.configuration import Configuration
from mixpeek.exceptions import (
    ApiConnectionError,
    ApiDeserializationError,
    ApiValueError,
    OpenApiException,
    UnauthorizedException,
)
from test.support.clock import FakeClock
from test.support.servers import RecordingServer, unused_port

API_KEY = "sk_live_escape_secret_9d3e1b"
DIGITS_5000 = "7" * 5000


def _client(url: str, **settings: Any) -> ApiClient:
    clock = FakeClock()
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0)
    return ApiClient(
        Configuration(host=url, api_key=API_KEY, namespace="ns_1", retry_policy=policy, **settings)
    )


# --- numbers beyond Python's conversions ------------------------------------------------------------------
def test_a_400_digit_retry_hint_is_read_as_too_long_to_wait() -> None:
    body = json.dumps({"error": {"message": "busy", "retry_after_seconds": 10**399}}).encode()
    assert RetryPolicy().wait_after_status(1, 0.0, 503, {}, body) is None
    assert RetryPolicy().wait_after_status(1, 0.0, 503, {"Retry-After": "9" * 400}, b"") is None


def test_a_5000_digit_integer_in_a_2xx_body_keeps_its_text(recording_server: RecordingServer) -> None:
    body = f'{{"collection_id": "col_1", "collection_name": "n", "count": {DIGITS_5000}}}'
    recording_server.respond(200, body.encode())
    with _client(recording_server.url) as client:
        result = CollectionsApi(client).get_collection("c")
        record = CollectionsApi(client).get_collection("c", _as_records=True)
    assert result.collection_id == "col_1" and result["count"] == DIGITS_5000
    assert record["count"] == DIGITS_5000
    # the model stays printable (its repr is bounded, so only the start of the number shows) and serializable
    assert DIGITS_5000[:50] in repr(result) and DIGITS_5000 in result.to_json()


def test_a_5000_digit_integer_in_an_error_body_keeps_its_text(recording_server: RecordingServer) -> None:
    recording_server.respond(404, f'{{"error": {{"message": "gone", "code": {DIGITS_5000}}}}}')
    with _client(recording_server.url) as client, pytest.raises(OpenApiException) as raised:
        CollectionsApi(client).get_collection("c")
    assert raised.value.status == 404 and "gone" in str(raised.value)


def test_a_5000_digit_integer_in_an_event_keeps_its_text() -> None:
    [event] = parse_event_stream([f'data: {{"event_type": "stage_start", "n": {DIGITS_5000}}}', ""])
    assert event.event_type == "stage_start" and event["n"] == DIGITS_5000


# --- headers and paths ------------------------------------------------------------------------------------
def _public_execute(client: ApiClient, header_value: str) -> Any:
    request = RetrieverExecutionRequest.model_validate({})
    return PublicRetrieverAPIApi(client).execute_retriever_name("r", request, x_public_api_key=header_value)


def _nul_cases(bad: str) -> dict[str, Callable[[str], Any]]:
    """Every header source, given a value containing `bad` (NUL, or CR/LF for `proxy_headers`)."""
    return {
        "configured API key": lambda url: CollectionsApi(
            ApiClient(Configuration(host=url, api_key=f"sk_a{bad}b"))
        ).get_collection("c"),
        "configured namespace": lambda url: CollectionsApi(
            ApiClient(Configuration(host=url, api_key=API_KEY, namespace=f"ns{bad}"))
        ).get_collection("c"),
        "per-call authorization": lambda url: CollectionsApi(_client(url)).get_collection(
            "c", authorization=f"Bearer sk_a{bad}b"
        ),
        "per-call namespace": lambda url: CollectionsApi(_client(url)).get_collection(
            "c", x_namespace=f"n{bad}"
        ),
        "_headers": lambda url: CollectionsApi(_client(url)).get_collection("c", _headers={"X-W": f"t{bad}"}),
        "idempotency key": lambda url: CollectionsApi(_client(url)).delete_collection(
            "c", _idempotency_key=f"k{bad}"
        ),
        "header parameter": lambda url: _public_execute(_client(url), f"pk{bad}"),
        "default header": lambda url: _client(url).set_default_header("X-Team", f"a{bad}"),
        "proxy_headers": lambda url: CollectionsApi(
            _client(url, proxy=url, proxy_headers={"Proxy-Authorization": f"Basic a{bad}b"})
        ).get_collection("c"),
        "proxy_headers name": lambda url: CollectionsApi(
            _client(url, proxy=url, proxy_headers={f"X-P{bad}": "1"})
        ).get_collection("c"),
    }


@pytest.mark.parametrize("bad", ["\0", "\r\nX-Evil: 1", "\n", "é€"], ids=["NUL", "CRLF", "LF", "not Latin-1"])
@pytest.mark.parametrize("source", sorted(_nul_cases("\0")))
def test_a_header_that_http_cannot_carry_is_refused_before_sending(
    source: str, bad: str, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiValueError) as refused:
        _nul_cases(bad)[source](recording_server.url)
    if not source.endswith("name"):
        assert bad not in str(refused.value)  # the message names the header, never its value
    assert recording_server.requests == []


def test_an_empty_path_parameter_is_refused_before_sending(recording_server: RecordingServer) -> None:
    with _client(recording_server.url) as client, pytest.raises(ApiValueError, match="collection_identifier"):
        CollectionsApi(client).get_collection("")
    mp = Mixpeek(api_key=API_KEY, namespace="ns_1", base_url=recording_server.url)
    with mp, pytest.raises(ApiValueError):
        mp.collections.get("")
    assert recording_server.requests == []


# --- server-sent events -----------------------------------------------------------------------------------
EVENTS = [
    {"event_type": "stage_start", "stage_name": "a"},
    {"event_type": "stage_complete", "stage_name": "a"},
    {"event_type": "execution_complete", "execution_id": "ex_1", "documents": []},
]


def _event_stream(line_end: str) -> bytes:
    blocks = [f": comment{line_end}event: message{line_end}data: {json.dumps(e)}{line_end}" for e in EVENTS]
    return line_end.join(blocks).encode() + line_end.encode()


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("chunked", [False, True], ids=["whole", "one byte per chunk"])
def test_events_are_read_whatever_their_line_endings(
    line_end: str, chunked: bool, recording_server: RecordingServer
) -> None:
    body = _event_stream(line_end)
    chunks = [body[i : i + 1] for i in range(len(body))] if chunked else None
    recording_server.respond(200, None if chunked else body, content_type="text/event-stream", chunks=chunks)
    with Mixpeek(api_key=API_KEY, namespace="ns_1", base_url=recording_server.url) as mp:
        events = list(mp.retrievers.execute("ret_1", {"q": "x"}, stream=True))
    assert [(e.event_type, e.stage_name) for e in events] == [
        (e["event_type"], e.get("stage_name")) for e in EVENTS
    ]


def test_parse_event_stream_splits_lone_carriage_returns() -> None:
    events = list(parse_event_stream([_event_stream("\r").decode()]))
    assert [e.event_type for e in events] == [e["event_type"] for e in EVENTS]


# --- the key never leaks ----------------------------------------------------------------------------------
def _everything_shown(error: BaseException, *, with_locals: bool = False) -> str:
    """All an application could render of `error`: message, repr and pickle of it and of every exception
    chained to it (with the text a JSON or Unicode error keeps), and its formatted traceback; `with_locals`
    adds every frame's locals, as pytest --showlocals, Sentry or rich show them. (A body that echoes the key
    is, naturally, a local of the frames that decode it: locals are checked for calls whose answer does not
    echo the key.)"""
    rendered = "".join(
        traceback.TracebackException.from_exception(error, capture_locals=with_locals).format()
    )
    chain: list[str] = []
    cause: BaseException | None = error
    while cause is not None:
        chain += [str(cause), repr(cause), repr(cause.args), repr(getattr(cause, "__dict__", ""))]
        chain.append(str(getattr(cause, "doc", "")) + repr(getattr(cause, "object", "")))
        cause = cause.__cause__ or cause.__context__
    return rendered + "".join(chain) + repr(pickle.dumps(error))


def test_the_key_is_not_in_the_cause_of_an_undecodable_answer(recording_server: RecordingServer) -> None:
    recording_server.respond(200, f"<html>you sent Bearer {API_KEY}</html>", content_type="application/json")
    with _client(recording_server.url) as client, pytest.raises(ApiDeserializationError) as raised:
        CollectionsApi(client).get_collection("c")
    assert isinstance(raised.value.__cause__, ValueError)
    assert API_KEY not in _everything_shown(raised.value)


def test_the_key_is_not_in_an_undecodable_answer_that_is_not_utf8(recording_server: RecordingServer) -> None:
    recording_server.respond(200, b"\xff\xfe" + f"Bearer {API_KEY}".encode(), content_type="application/json")
    with _client(recording_server.url) as client, pytest.raises(ApiDeserializationError) as raised:
        CollectionsApi(client).get_collection("c")
    assert API_KEY not in _everything_shown(raised.value)


def test_the_key_is_not_in_a_streaming_error(recording_server: RecordingServer) -> None:
    echo = f"data: not json, you sent Authorization: Bearer {API_KEY}\n\n".encode()
    recording_server.respond(200, echo, content_type="text/event-stream")
    mp = Mixpeek(api_key=API_KEY, namespace="ns_1", base_url=recording_server.url)
    with mp, pytest.raises(ApiDeserializationError) as raised:
        list(mp.retrievers.execute("ret_1", {"q": "x"}, stream=True))
    assert "[REDACTED]" in str(raised.value)
    assert API_KEY not in _everything_shown(raised.value)


def test_the_key_is_not_in_tracebacks_with_locals(recording_server: RecordingServer) -> None:
    recording_server.respond(401, {"error": {"message": "revoked"}})
    with _client(recording_server.url) as client, pytest.raises(UnauthorizedException) as raised:
        CollectionsApi(client).get_collection("c")
    assert "Bearer" in recording_server.last_request.headers["Authorization"]
    assert API_KEY not in _everything_shown(raised.value, with_locals=True)
    with _client(f"http://127.0.0.1:{unused_port()}") as client, pytest.raises(ApiConnectionError) as refused:
        CollectionsApi(client).get_collection("c")
    assert API_KEY not in _everything_shown(refused.value, with_locals=True)
