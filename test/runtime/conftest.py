"""Fixtures of the runtime tests: clients on a fake clock, so retries never really sleep."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

from mixpeek._runtime.retry import RetryPolicy
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from test.conftest import TEST_API_KEY, TEST_NAMESPACE
from test.support.clock import FakeClock
from test.support.servers import RecordingServer

MakeClient = Callable[..., ApiClient]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(recording_server: RecordingServer, clock: FakeClock) -> Iterator[MakeClient]:
    """Build clients for `recording_server` whose retry policy sleeps on `clock` without jitter."""
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


@pytest.fixture
def client(make_client: MakeClient) -> ApiClient:
    """A fake-clock client with the test key and namespace."""
    return make_client()
