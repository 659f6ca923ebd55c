"""Deadlines: every timeout is finite, an attempt is bounded as a whole, and a call is bounded across retries.

The dripping and slow servers are the fault server's (`test/reliability/faults.py`); the scenario table
has the rows that go through the retry policy. Here: the values a timeout setting may take, and a drip
bounded by a per-call timeout.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from mixpeek import CollectionsApi
from mixpeek._runtime import deadline
from mixpeek.api_client import ApiClient
from mixpeek.configuration import DEFAULT_TIMEOUT, Configuration
from mixpeek.exceptions import ApiTimeoutError, ApiValueError
from test.reliability.faults import FaultServer, answer, drip_body, drip_headers
from test.reliability.scenarios import COLLECTION_BYTES


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    with FaultServer(answer(200, COLLECTION_BYTES)) as server:
        yield server


REFUSED_TIMEOUTS: list[Any] = [
    math.inf,
    math.nan,
    -1.0,
    0,
    1e300,  # finite, but the socket layer cannot hold it (OverflowError)
    (math.inf, 5.0),
    (5.0, math.nan),
    "soon",
    True,
    (1.0, 2.0, 3.0),
]


@pytest.mark.parametrize("value", REFUSED_TIMEOUTS, ids=repr)
def test_unusable_timeouts_are_refused_before_sending(value: Any, fault_server: FaultServer) -> None:
    refused = pytest.raises(ApiValueError, match="timeout")
    with ApiClient(Configuration(host=fault_server.url, api_key="sk_deadline")) as client, refused:
        CollectionsApi(client).get_collection("c", _request_timeout=value)
    with pytest.raises(ApiValueError, match="timeout"):  # refused where it is written
        Configuration(host=fault_server.url, api_key="sk_deadline", timeout=value)
    configured = Configuration(host=fault_server.url, api_key="sk_deadline")
    configured.timeout = value  # assigned later: the next call refuses it, naming itself
    with ApiClient(configured) as client, pytest.raises(ApiValueError, match="get_collection: invalid"):
        CollectionsApi(client).get_collection("c")
    assert fault_server.arrivals == []


@pytest.mark.parametrize("value", [None, (None, None)], ids=repr)
def test_no_timeout_means_the_documented_default_never_forever(value: Any, fault_server: FaultServer) -> None:
    assert deadline.timeout_pair(value, None, None) == (DEFAULT_TIMEOUT, DEFAULT_TIMEOUT)
    with ApiClient(Configuration(host=fault_server.url, api_key="sk_deadline", timeout=value)) as client:
        assert CollectionsApi(client).get_collection("c", _request_timeout=value).collection_id == "col_1"


@pytest.mark.parametrize("value", [math.inf, math.nan, 0, -5, 1e300, "long"], ids=repr)
def test_the_call_deadline_must_be_finite(value: Any, fault_server: FaultServer) -> None:
    with pytest.raises(ApiValueError, match="total_timeout"):
        Configuration(host=fault_server.url, api_key="sk_deadline", total_timeout=value)
    configuration = Configuration(host=fault_server.url, api_key="sk_deadline")
    configuration.total_timeout = value
    with ApiClient(configuration) as client, pytest.raises(ApiValueError, match="collection: invalid total"):
        CollectionsApi(client).get_collection("c")
    assert fault_server.arrivals == []


def test_the_call_deadline_has_a_finite_default() -> None:
    assert Configuration().total_timeout == deadline.DEFAULT_TOTAL_TIMEOUT
    assert math.isfinite(deadline.DEFAULT_TOTAL_TIMEOUT) and deadline.DEFAULT_TOTAL_TIMEOUT > 0
    assert Configuration(total_timeout=None).total_timeout == deadline.DEFAULT_TOTAL_TIMEOUT


@pytest.mark.parametrize(
    "fault", [drip_headers(COLLECTION_BYTES), drip_body(COLLECTION_BYTES)], ids=["headers", "body"]
)
def test_a_per_call_timeout_bounds_a_dripping_answer(fault: Any, fault_server: FaultServer) -> None:
    """Each byte comes 0.2 s after the last, well inside the 0.5 s read timeout; the answer as a whole
    does not come within it, so the call ends in `ApiTimeoutError` (the server stops dripping at 2 s)."""
    fault_server.script(fault)
    client = ApiClient(Configuration(host=fault_server.url, api_key="sk_deadline"))
    with client, pytest.raises(ApiTimeoutError):
        CollectionsApi(client).get_collection("c", _request_timeout=0.5, _max_retries=0)
    assert len(fault_server.arrivals) == 1
