"""Constructing `Mixpeek`: key, namespace and host from arguments or environment; repr; closing; mp.api."""

from __future__ import annotations

import pytest

import mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.client import MissingApiKeyError, Mixpeek
from mixpeek.exceptions import OpenApiException
from test.support.servers import RecordingServer


def test_the_package_exports_the_client_class() -> None:
    assert mixpeek.Mixpeek is Mixpeek
    assert mixpeek.client.Mixpeek is Mixpeek


def test_missing_key_fails_at_construction_saying_how_to_provide_one(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(MissingApiKeyError) as caught:
        Mixpeek()
    assert isinstance(caught.value, OpenApiException) and isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "MIXPEEK_API_KEY" in message and "api_key=" in message
    with pytest.raises(MissingApiKeyError):  # a namespace alone is no key
        Mixpeek(namespace="ns_only")


def test_key_namespace_and_host_come_from_the_environment(
    clean_env: pytest.MonkeyPatch, recording_server: RecordingServer
) -> None:
    clean_env.setenv("MIXPEEK_API_KEY", "sk_from_env")
    clean_env.setenv("MIXPEEK_NAMESPACE", "ns_from_env")
    clean_env.setenv("MIXPEEK_BASE_URL", recording_server.url)
    recording_server.respond(200, {"task_id": "t1", "task_type": "x", "status": "COMPLETED"})
    with Mixpeek() as mp:
        assert mp.namespace == "ns_from_env"
        assert mp.base_url == recording_server.url
        mp.tasks.get("t1")
    request = recording_server.last_request
    assert request.headers["Authorization"] == "Bearer sk_from_env"
    assert request.headers["X-Namespace"] == "ns_from_env"


def test_arguments_win_over_the_environment(
    clean_env: pytest.MonkeyPatch, recording_server: RecordingServer
) -> None:
    clean_env.setenv("MIXPEEK_API_KEY", "sk_env")
    clean_env.setenv("MIXPEEK_NAMESPACE", "ns_env")
    clean_env.setenv("MIXPEEK_BASE_URL", "http://127.0.0.1:1")
    recording_server.respond(200, {"task_id": "t1", "task_type": "x", "status": "COMPLETED"})
    with Mixpeek("sk_arg", namespace="ns_arg", base_url=recording_server.url + "/") as mp:
        mp.tasks.get("t1")
    request = recording_server.last_request
    assert request.headers["Authorization"] == "Bearer sk_arg"
    assert request.headers["X-Namespace"] == "ns_arg"


def test_default_host_is_the_public_api(clean_env: pytest.MonkeyPatch) -> None:
    with Mixpeek("sk_x") as mp:
        assert mp.base_url == "https://api.mixpeek.com"


def test_repr_never_shows_the_key(clean_env: pytest.MonkeyPatch) -> None:
    with Mixpeek("sk_supersecret_123", namespace="ns1") as mp:
        text = repr(mp)
    assert "ns1" in text
    assert "supersecret" not in text and "sk_" not in text


def test_timeout_and_max_retries_reach_the_configuration(clean_env: pytest.MonkeyPatch) -> None:
    with Mixpeek("sk_x", timeout=5.0, max_retries=0) as mp:
        assert mp.api.configuration.timeout == 5.0
        assert mp.api.configuration.max_retries == 0


def test_mp_api_mixes_with_the_generated_layer(mp: Mixpeek, recording_server: RecordingServer) -> None:
    assert isinstance(mp.api, ApiClient)
    recording_server.respond(200, {"results": [], "pagination": {}, "total_count": 0})
    mixpeek.CollectionsApi(mp.api).list_collections()
    request = recording_server.last_request
    assert (request.method, request.raw_path) == ("POST", "/v1/collections/list")
    assert request.headers["Authorization"] == "Bearer sk_test_key"
    assert request.headers["X-Namespace"] == "ns_test"


def test_leaving_the_with_block_releases_the_connection_pool(recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"task_id": "t1", "task_type": "x", "status": "COMPLETED"})
    with Mixpeek("sk_x", base_url=recording_server.url) as mp:
        mp.tasks.get("t1")
        pools = mp.api.rest_client.pool_manager.pools
        assert len(pools) == 1
    assert len(pools) == 0


def test_close_releases_the_connection_pool(recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"task_id": "t1", "task_type": "x", "status": "COMPLETED"})
    mp = Mixpeek("sk_x", base_url=recording_server.url)
    mp.tasks.get("t1")
    mp.close()
    assert len(mp.api.rest_client.pool_manager.pools) == 0
