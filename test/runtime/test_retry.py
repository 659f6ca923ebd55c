"""The retry policy, run against a real server on a fake clock: attempts and waits are asserted exactly."""

from __future__ import annotations

import logging
import time
from email.utils import formatdate

import pytest

from mixpeek import exceptions as exc
from mixpeek._runtime.retry import RetryPolicy
from test.conftest import MakeClient
from test.runtime.fixtures import CREATE_COLLECTION, GET_COLLECTION, LIST_COLLECTIONS
from test.support.clock import FakeClock
from test.support.servers import RecordingServer, unused_port

OK = {"collection_id": "c1"}


def test_retryable_statuses_back_off_exponentially(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(503)
    recording_server.enqueue(502)
    recording_server.respond(200, OK)
    assert make_client().call(GET_COLLECTION, ("c1",)).collection_id == "c1"
    assert len(recording_server.requests) == 3
    assert clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_each_retryable_status(
    status: int, make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(status)
    recording_server.respond(200, OK)
    make_client().call(GET_COLLECTION, ("c1",))
    assert len(recording_server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 404, 409, 422, 501])
def test_other_statuses_are_not_retried(
    status: int, make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(status, {"error": {"message": "no"}})
    with pytest.raises(exc.ApiException):
        make_client().call(GET_COLLECTION, ("c1",))
    assert len(recording_server.requests) == 1
    assert clock.sleeps == []


def test_final_error_records_the_attempts(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(503, {"error": {"message": "overloaded"}})
    with pytest.raises(exc.ServiceException) as raised:
        make_client().call(GET_COLLECTION, ("c1",))
    assert raised.value.attempts == 3
    assert str(raised.value).splitlines()[0] == (
        "CollectionsApi.get_collection failed: HTTP 503 Service Unavailable: overloaded (after 3 attempts)"
    )
    assert clock.sleeps == [0.5, 1.0]


def test_retry_after_seconds_and_http_date_win(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(429, headers={"Retry-After": "7"})
    # the date is absolute: 12 s after the first wait of 7 s ends
    recording_server.enqueue(503, headers={"Retry-After": formatdate(clock.now + 7 + 12, usegmt=True)})
    recording_server.respond(200, OK)
    make_client().call(GET_COLLECTION, ("c1",))
    assert clock.sleeps == [7.0, 12.0]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_retry_after_date_with_unknown_zone_is_utc_whatever_the_local_zone(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RFC 5322's "-0000" (no zone information) parses as a naive datetime: it must not be local time."""
    monkeypatch.setenv("TZ", zone)
    if hasattr(time, "tzset"):
        time.tzset()
    try:
        policy = RetryPolicy(wall_clock=lambda: 1_000_000_000.0)
        assert (
            policy.wait_after_status(1, 0.0, 503, {"Retry-After": formatdate(1_000_000_010.0)}, b"") == 10.0
        )
    finally:
        monkeypatch.undo()
        if hasattr(time, "tzset"):
            time.tzset()


def test_body_hints(make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock) -> None:
    recording_server.enqueue(429, {"retry_after_seconds": 3})
    recording_server.enqueue(503, {"error": {"message": "later", "retry_after_seconds": 4.5}})
    recording_server.respond(200, OK)
    make_client().call(GET_COLLECTION, ("c1",))
    assert clock.sleeps == [3.0, 4.5]


def test_retryable_false_stops(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(503, {"error": {"message": "quota exhausted", "retryable": False}})
    with pytest.raises(exc.ServiceException) as raised:
        make_client().call(GET_COLLECTION, ("c1",))
    assert raised.value.attempts == 1
    assert clock.sleeps == []


def test_total_wait_budget(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(429, headers={"Retry-After": "3600"})
    with pytest.raises(exc.TooManyRequestsException) as raised:
        make_client().call(GET_COLLECTION, ("c1",))
    assert raised.value.attempts == 1
    assert clock.sleeps == []


def test_max_retries_configuration_and_per_call(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(503)
    client = make_client(max_retries=4)
    with pytest.raises(exc.ServiceException) as raised:
        client.call(GET_COLLECTION, ("c1",))
    assert raised.value.attempts == 5
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]
    recording_server.reset()
    recording_server.respond(503)
    with pytest.raises(exc.ServiceException) as raised:
        client.call(GET_COLLECTION, ("c1",), options={"_max_retries": 0})
    assert raised.value.attempts == 1
    assert len(recording_server.requests) == 1


def test_connection_refused_is_retried(make_client: MakeClient, clock: FakeClock) -> None:
    client = make_client(host=f"http://127.0.0.1:{unused_port()}")
    with pytest.raises(exc.ApiConnectionError) as raised:
        client.call(CREATE_COLLECTION, ({"collection_name": "c"},))
    assert raised.value.attempts == 3
    assert "after 3 attempts" in str(raised.value)
    assert clock.sleeps == [0.5, 1.0]


def test_non_idempotent_post_is_not_retried_after_the_connection_broke(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(action="close")
    recording_server.respond(200, OK)
    with pytest.raises(exc.ApiConnectionError) as raised:
        make_client().call(CREATE_COLLECTION, ({"collection_name": "c"},))
    assert raised.value.attempts == 1
    assert len(recording_server.requests) == 1
    assert clock.sleeps == []


def test_idempotency_key_makes_a_post_retryable(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(action="reset")
    recording_server.respond(200, OK)
    result = make_client().call(
        CREATE_COLLECTION, ({"collection_name": "c"},), options={"_idempotency_key": "idem-1"}
    )
    assert result.collection_id == "c1"
    requests = recording_server.requests
    assert len(requests) == 2
    assert [r.headers["Idempotency-Key"] for r in requests] == ["idem-1", "idem-1"]
    assert requests[0].body == requests[1].body == b'{"collection_name":"c"}'


def test_idempotent_operations_are_retried_after_the_connection_broke(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(action="close")
    recording_server.enqueue(action="reset")
    recording_server.respond(200, {"results": []})
    assert make_client().call(LIST_COLLECTIONS, ()).results == []
    assert len(recording_server.requests) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_read_timeouts_of_idempotent_calls_are_retried(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.enqueue(200, OK, delay=0.3)
    recording_server.respond(200, OK)
    result = make_client().call(GET_COLLECTION, ("c1",), options={"_request_timeout": 0.05})
    assert result.collection_id == "c1"
    assert clock.sleeps == [0.5]


def test_every_attempt_is_logged(
    make_client: MakeClient, recording_server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="mixpeek")
    recording_server.enqueue(503)
    recording_server.respond(200, OK)
    make_client().call(GET_COLLECTION, ("c1",))
    messages = [record.getMessage() for record in caplog.records]
    assert "CollectionsApi.get_collection: attempt 1: GET /v1/collections/c1" in messages
    assert "CollectionsApi.get_collection: attempt 1 got HTTP 503; retrying in 0.50 s" in messages
    assert "CollectionsApi.get_collection: attempt 2 got HTTP 200" in messages


def test_policy_backoff_jitter_and_cap() -> None:
    policy = RetryPolicy(random=lambda: 1.0, max_backoff=3.0, max_retries=10)
    assert [policy.backoff(n) for n in (1, 2, 3, 4)] == [0.375, 0.75, 1.5, 2.25]
    assert policy.with_max_retries(0).wait_after_status(1, 0.0, 503, {}, b"") is None
    assert policy.wait_after_status(1, 0.0, 503, {"Retry-After": "soon"}, b"") == 0.375


def test_hinted_retry_budget_waits_out_a_hinted_429_or_503_past_the_retry_count() -> None:
    policy = RetryPolicy(max_retries=2).with_hinted_retry_budget(180)
    hinted = {"Retry-After": "40"}
    assert policy.wait_after_status(5, 120.0, 503, hinted, b"") == 30.0  # capped at max_hinted_wait
    assert policy.wait_after_status(5, 160.0, 503, hinted, b"") is None  # 160 + 30 would pass 180 s
    assert policy.wait_after_status(3, 0.0, 503, {}, b"") is None  # no hint: the count limit
    assert policy.wait_after_status(3, 0.0, 500, hinted, b"") is None  # not a 429/503: the count limit
    assert policy.wait_after_status(4, 0.0, 429, {"Retry-After": "0"}, b"") == policy.initial_backoff
    body = b'{"error": {"details": {"retry_after_seconds": 7, "retryable": true}}}'
    assert policy.wait_after_status(9, 0.0, 429, {}, body) == 7.0  # the API's place for the hint
    assert policy.wait_after_status(1, 0.0, 429, {}, b'{"error": {"details": {"retryable": false}}}') is None
    assert RetryPolicy().wait_after_status(3, 0.0, 503, hinted, b"") is None  # off by default


def test_hinted_retry_budget_must_be_a_number_of_seconds() -> None:
    policy = RetryPolicy()
    assert policy.with_hinted_retry_budget(0) is policy
    with pytest.raises(ValueError):
        policy.with_hinted_retry_budget(-1)
    with pytest.raises(ValueError):
        policy.with_hinted_retry_budget(float("nan"))
