"""Fixtures shared by the whole suite.

- `recording_server`: one real HTTP server on 127.0.0.1 for the session, reset before every test (fast).
- `api_client`: an `ApiClient` pointed at that server with a test key and namespace, closed after the test.
- `clock`: a `FakeClock`; `make_client(**configuration)`: clients for `recording_server` whose retry policy
  sleeps on that fake clock without jitter (retries cost no time and their waits can be asserted exactly).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Callable

import pytest

from test.support.clock import FakeClock
from test.support.servers import RecordingServer

if TYPE_CHECKING:
    from mixpeek.api_client import ApiClient

TEST_API_KEY = "sk_test_key"
TEST_NAMESPACE = "ns_test"

MakeClient = Callable[..., "ApiClient"]


@pytest.fixture(scope="session")
def _session_server() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


@pytest.fixture
def recording_server(_session_server: RecordingServer) -> Iterator[RecordingServer]:
    """The session's server with no recorded requests, no queued answers and the default 200 answer."""
    _session_server.reset()
    yield _session_server
    _session_server.reset()


@pytest.fixture
def api_client(recording_server: RecordingServer) -> Iterator[ApiClient]:
    """An `ApiClient` for `recording_server`, authenticated with a test key and namespace."""
    from mixpeek.api_client import ApiClient
    from mixpeek.configuration import Configuration

    client = ApiClient(
        Configuration(host=recording_server.url, api_key=TEST_API_KEY, namespace=TEST_NAMESPACE)
    )
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(recording_server: RecordingServer, clock: FakeClock) -> Iterator[MakeClient]:
    """Build clients for `recording_server` (keyword arguments override the Configuration's); all are
    closed after the test. Their retry policy sleeps on `clock`, without jitter."""
    from mixpeek._runtime.retry import RetryPolicy
    from mixpeek.api_client import ApiClient
    from mixpeek.configuration import Configuration

    made: list[ApiClient] = []

    def make(**overrides: Any) -> ApiClient:
        settings: dict[str, Any] = {
            "host": recording_server.url,
            "api_key": TEST_API_KEY,
            "namespace": TEST_NAMESPACE,
            "retry_policy": RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0),
        }
        settings.update(overrides)
        client = ApiClient(Configuration(**settings))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
