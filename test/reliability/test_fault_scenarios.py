"""Every row of the scenario table, run against the fault-injection server through the generated API.

For each scenario: the outcome (result type or exact exception class), the number of attempts the server
saw, the waits the retry policy slept on the fake clock, how many times a write was applied, the debug log
of every attempt, and what the final error says.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Callable

import pytest

from mixpeek import CollectionResponse, CollectionsApi, CreateCollectionRequest, ListCollectionsResponse
from mixpeek._runtime.retry import RetryPolicy
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiConnectionError, ApiException, OpenApiException
from test.reliability.faults import FaultServer, FullBacklog, answer
from test.reliability.scenarios import (
    CREATE,
    CREATE_KEYED,
    GET,
    HTML_502,
    LIST,
    OK,
    OK_BODIES,
    REFUSED,
    SCENARIOS,
    UNREACHABLE,
    WRITES,
    Scenario,
    markdown_table,
)
from test.support.clock import FakeClock
from test.support.servers import unused_port

API_KEY = "sk_reliability_secret_key_0123"
NAMESPACE = "ns_reliability"
DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"

Call = Callable[[CollectionsApi, Mapping[str, Any]], Any]


def _create_request() -> CreateCollectionRequest:
    return CreateCollectionRequest.model_validate({"collection_name": "sample", "source": {"type": "bucket"}})


CALLS: Mapping[str, Call] = {
    GET: lambda api, options: api.get_collection("col_1", **options),
    LIST: lambda api, options: api.list_collections(limit=10, **options),
    CREATE: lambda api, options: api.create_collection(_create_request(), **options),
    CREATE_KEYED: lambda api, options: api.create_collection(
        _create_request(), _idempotency_key="idem-0001", **options
    ),
}
RESULT_TYPES: Mapping[str, type] = {
    GET: CollectionResponse,
    LIST: ListCollectionsResponse,
    CREATE: CollectionResponse,
    CREATE_KEYED: CollectionResponse,
}


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@contextlib.contextmanager
def _target(scenario: Scenario, fault_server: FaultServer) -> Iterator[str]:
    """The host a scenario's client talks to."""
    if scenario.target == REFUSED:
        yield f"http://127.0.0.1:{unused_port()}"
    elif scenario.target == UNREACHABLE:
        with FullBacklog() as backlog:
            yield backlog.url
    else:
        yield fault_server.url


def _client(scenario: Scenario, host: str, clock: FakeClock) -> ApiClient:
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0, **scenario.policy)
    settings: dict[str, Any] = {"timeout": (2.0, 5.0), **scenario.settings}
    return ApiClient(
        Configuration(host=host, api_key=API_KEY, namespace=NAMESPACE, retry_policy=policy, **settings)
    )


@pytest.mark.parametrize(
    "scenario", SCENARIOS, ids=[f"{n:02d}-{s.name}-{s.call}" for n, s in enumerate(SCENARIOS, 1)]
)
def test_scenario(
    scenario: Scenario, fault_server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    fault_server.script(*scenario.faults)
    fault_server.set_default(answer(200, json.dumps(OK_BODIES[scenario.call]).encode()))
    caplog.set_level(logging.DEBUG, logger="mixpeek")
    error: OpenApiException | None = None
    result: Any = None
    with _target(scenario, fault_server) as host, _client(scenario, host, clock) as client:
        try:
            result = CALLS[scenario.call](CollectionsApi(client), scenario.options)
        except OpenApiException as raised:  # anything else escapes and fails the test
            error = raised

    if scenario.outcome == OK:
        assert error is None, f"expected a result, got {error!r}"
        decoded = result.results[0] if scenario.call == LIST else result  # the answer after the faults
        assert isinstance(result, RESULT_TYPES[scenario.call])
        assert isinstance(decoded, CollectionResponse) and decoded.collection_id == "col_1"
    else:
        assert error is not None, f"expected {scenario.outcome}, got the result {result!r}"
        assert type(error) is scenario.outcome, repr(error)
        # an answer that cannot be decoded is not retried and its error carries no attempt count
        assert getattr(error, "attempts", 1) == scenario.attempts
        if scenario.attempts > 1:
            assert f"after {scenario.attempts} attempts" in str(error)
        assert API_KEY not in str(error)
        if isinstance(error, ApiConnectionError):  # the transport's own exception stays as the cause
            assert isinstance(error.__cause__, Exception)
            assert not isinstance(error.__cause__, OpenApiException)

    attempts = scenario.attempts if scenario.target != "server" else len(fault_server.arrivals)
    assert attempts == scenario.attempts
    assert tuple(clock.sleeps) == scenario.waits
    if scenario.call in WRITES:
        assert fault_server.times_applied() == scenario.applied
    else:
        assert scenario.applied is None and fault_server.times_applied() == 0
    _assert_attempts_logged(caplog, scenario)


def _assert_attempts_logged(caplog: pytest.LogCaptureFixture, scenario: Scenario) -> None:
    """One debug line per attempt with its number; one per retry with its wait."""
    messages = [record.getMessage() for record in caplog.records if record.name == "mixpeek"]
    started = [int(m) for text in messages for m in re.findall(r": attempt (\d+): ", text)]
    assert started == list(range(1, scenario.attempts + 1))
    waits = [float(w) for text in messages for w in re.findall(r"retrying in ([\d.]+) s", text)]
    assert waits == [round(w, 2) for w in scenario.waits]
    assert all(API_KEY not in text for text in messages)


def test_the_html_502_reaches_the_caller_as_text(fault_server: FaultServer) -> None:
    fault_server.set_default(answer(502, HTML_502, content_type="text/html"))
    client = _client(SCENARIOS[0], fault_server.url, FakeClock())
    with client, pytest.raises(ApiException) as caught:
        CollectionsApi(client).get_collection("col_1", _max_retries=0)
    assert caught.value.status == 502
    assert caught.value.body == HTML_502.decode()
    assert "502 Bad Gateway" in str(caught.value)
    assert caught.value.data is None


def test_the_idempotency_key_is_the_same_on_every_attempt(fault_server: FaultServer) -> None:
    scenario = next(s for s in SCENARIOS if s.call == CREATE_KEYED and len(s.faults) == 2)
    fault_server.script(*scenario.faults)
    fault_server.set_default(answer(200, b"{}"))
    with _client(scenario, fault_server.url, FakeClock()) as client:
        CALLS[CREATE_KEYED](CollectionsApi(client), {})
    keys = [arrival.headers.get("idempotency-key") for arrival in fault_server.arrivals]
    assert keys == ["idem-0001"] * 3
    bodies = {arrival.body for arrival in fault_server.arrivals}
    assert len(bodies) == 1  # the body is serialized once and resent as is


def test_the_documented_table_is_the_tested_table() -> None:
    """docs/reliability.md shows exactly `SCENARIOS` (print it: python -m test.reliability.scenarios)."""
    assert markdown_table() in DOC.read_text(encoding="utf-8")


def test_jitter_only_shortens_the_backoff(fault_server: FaultServer) -> None:
    """With jitter on, each wait is the backoff shortened by up to 25 %: never longer, never zero."""
    draws = iter([1.0, 0.5])
    clock = FakeClock()
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: next(draws))
    fault_server.set_default(answer(503, b'{"error": {"message": "busy"}}'))
    client = ApiClient(Configuration(host=fault_server.url, api_key=API_KEY, retry_policy=policy))
    with client, pytest.raises(ApiException):
        CollectionsApi(client).get_collection("col_1")
    assert clock.sleeps == [0.5 * 0.75, 1.0 * 0.875]


def test_timeouts_are_finite_by_default() -> None:
    configuration = Configuration()
    assert configuration.timeout == 60.0
    assert configuration.connect_timeout is None and configuration.read_timeout is None  # both from timeout
    assert configuration.max_retries == 2
    assert configuration.retry_policy.initial_backoff == 0.5 and configuration.retry_policy.max_backoff == 8.0
    assert configuration.retry_policy.max_total_wait == 60.0
