"""Fixtures for the local server's tests: one in-memory server per session, fresh namespaces per test.

Tests that need special server options (API keys, read lag, an embedder, a data directory) start their own
`LocalServer`; everything else shares `local_url` and isolates itself in a namespace of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

import mixpeek
from mixpeek.local import LocalServer
from test.local.helpers import TEST_KEY, sdk_client


@pytest.fixture(scope="session")
def local_url() -> Iterator[str]:
    """The URL of an in-memory local server shared by the session."""
    with LocalServer() as server:
        yield server.url


@pytest.fixture
def namespace_name() -> str:
    """A namespace name no other test uses."""
    return f"ns-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def client(local_url: str, namespace_name: str) -> Iterator[mixpeek.ApiClient]:
    """An SDK client for the shared server, keyed and scoped to this test's namespace."""
    with sdk_client(local_url, namespace_name) as api_client:
        yield api_client


__all__ = ["TEST_KEY"]
