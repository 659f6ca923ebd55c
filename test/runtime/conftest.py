"""Fixtures of the runtime tests (the shared ones, `make_client` and `clock`, live in test/conftest.py)."""

from __future__ import annotations

import pytest

from mixpeek.api_client import ApiClient
from test.conftest import MakeClient


@pytest.fixture
def client(make_client: MakeClient) -> ApiClient:
    """A fake-clock client with the test key and namespace."""
    return make_client()
