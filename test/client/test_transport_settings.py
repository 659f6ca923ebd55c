"""`Mixpeek(...)` takes the transport settings the README lists (total_timeout, max_response_bytes, proxy,
trust_env) and hands them to its `Configuration`, which owns their defaults."""

from __future__ import annotations

import pytest

from mixpeek.client import Mixpeek
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiDeserializationError
from test.conftest import TEST_API_KEY, TEST_NAMESPACE
from test.support.servers import RecordingServer


def test_settings_given_to_the_client_are_its_configurations() -> None:
    with Mixpeek(
        api_key=TEST_API_KEY,
        base_url="http://127.0.0.1:9",
        total_timeout=7.5,
        max_response_bytes=4096,
        proxy="http://127.0.0.1:3128",
        trust_env=False,
    ) as mp:
        configuration = mp.api.configuration
        assert configuration.total_timeout == 7.5
        assert configuration.max_response_bytes == 4096
        assert configuration.proxy == "http://127.0.0.1:3128"
        assert configuration.trust_env is False


def test_settings_not_given_keep_the_configurations_defaults() -> None:
    defaults = Configuration(api_key=TEST_API_KEY)
    with Mixpeek(api_key=TEST_API_KEY, base_url="http://127.0.0.1:9") as mp:
        configuration = mp.api.configuration
        assert configuration.total_timeout == defaults.total_timeout
        assert configuration.max_response_bytes == defaults.max_response_bytes
        assert configuration.proxy == defaults.proxy
        assert configuration.trust_env is True


def test_an_answer_over_max_response_bytes_is_refused(recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"task_id": "tsk_1", "status": "COMPLETED", "padding": "x" * 5000})
    with (
        Mixpeek(
            api_key=TEST_API_KEY,
            namespace=TEST_NAMESPACE,
            base_url=recording_server.url,
            max_response_bytes=1024,
        ) as mp,
        pytest.raises(ApiDeserializationError),
    ):
        mp.tasks.get("tsk_1")
