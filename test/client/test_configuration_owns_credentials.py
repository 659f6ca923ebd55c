"""The configuration is the one owner of the key and the default namespace: the `Mixpeek` client, its
resources and an `ApiClient` read them at each call, so a change made later reaches the next request."""

from __future__ import annotations

import mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.client import Mixpeek
from mixpeek.configuration import Configuration
from test.support.servers import RecordingServer

_TASK = {"task_id": "t1", "task_type": "x", "status": "COMPLETED"}


def test_a_namespace_set_on_the_configuration_later_reaches_the_next_call_of_the_client(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, _TASK)
    recording_server.respond(200, _TASK)
    mp.tasks.get("t1")
    assert recording_server.last_request.headers["X-Namespace"] == "ns_test"

    mp.api.configuration.namespace = "ns_changed"
    mp.tasks.get("t1")

    assert recording_server.last_request.headers["X-Namespace"] == "ns_changed"
    assert mp.namespace == "ns_changed"
    assert "ns_changed" in repr(mp)


def test_a_per_call_namespace_still_wins_over_the_changed_default(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, _TASK)
    mp.api.configuration.namespace = "ns_changed"
    mp.tasks.get("t1", namespace="ns_call")
    assert recording_server.last_request.headers["X-Namespace"] == "ns_call"


def test_a_key_set_on_the_configuration_later_reaches_the_next_call_of_the_client(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, _TASK)
    mp.api.configuration.api_key = "sk_rotated"
    mp.tasks.get("t1")
    assert recording_server.last_request.headers["Authorization"] == "Bearer sk_rotated"


def test_a_host_set_on_the_configuration_later_is_the_clients_base_url(mp: Mixpeek) -> None:
    mp.api.configuration.host = "http://127.0.0.1:9/"
    assert mp.base_url == "http://127.0.0.1:9"


def test_an_api_client_sends_the_namespace_and_key_its_configuration_holds_now(
    recording_server: RecordingServer,
) -> None:
    listing = {"results": [], "pagination": {}, "total_count": 0}
    recording_server.respond(200, listing)
    recording_server.respond(200, listing)
    configuration = Configuration(host=recording_server.url, api_key="sk_first", namespace="ns_first")
    with ApiClient(configuration) as api_client:
        collections = mixpeek.CollectionsApi(api_client)
        collections.list_collections()
        first = recording_server.last_request.headers
        configuration.namespace = "ns_second"
        configuration.access_token = "sk_second"
        collections.list_collections()
        second = recording_server.last_request.headers
    assert (first["X-Namespace"], first["Authorization"]) == ("ns_first", "Bearer sk_first")
    assert (second["X-Namespace"], second["Authorization"]) == ("ns_second", "Bearer sk_second")
