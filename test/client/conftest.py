"""Fixtures for the high-level client: a `Mixpeek` pointed at the shared recording server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mixpeek._runtime.retry import RetryPolicy
from mixpeek.client import Mixpeek
from test.conftest import TEST_API_KEY, TEST_NAMESPACE
from test.support.clock import FakeClock
from test.support.servers import RecordingServer


@pytest.fixture
def mp(recording_server: RecordingServer, clock: FakeClock) -> Iterator[Mixpeek]:
    """A client for `recording_server` with the test key and namespace; its retries (the client's own
    policy, 180 s budget included) sleep on the fake `clock`, without jitter."""
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0)
    with Mixpeek(
        api_key=TEST_API_KEY,
        namespace=TEST_NAMESPACE,
        base_url=recording_server.url,
        retry_policy=policy,
        retry_budget=180.0,
    ) as client:
        yield client


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No MIXPEEK_* variables from the developer's shell leak into a test."""
    for name in ("MIXPEEK_API_KEY", "MIXPEEK_NAMESPACE", "MIXPEEK_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch
