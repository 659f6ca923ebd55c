"""16 threads x 500 calls through one shared `ApiClient` and one shared `Mixpeek`: no per-call state crosses.

Every call carries its own namespace (and, through the `ApiClient`, its own key); the server echoes what it
received into the answer, and each thread checks that it got back exactly what it sent.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from mixpeek import CollectionsApi, Mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from test.support.servers import CannedResponse, RecordedRequest, RecordingServer, make_response

THREADS = 16
CALLS_PER_THREAD = 500
MIXPEEK_KEY = "sk_shared_mixpeek_key"


def _echo(request: RecordedRequest) -> CannedResponse:
    """Answer with the collection id from the path and the namespace and key the request carried."""
    return make_response(
        200,
        {
            "collection_id": request.raw_path.rsplit("/", 1)[-1],
            "collection_name": request.headers.get("X-Namespace", "none"),
            "description": request.headers.get("Authorization", "none"),
        },
    )


def _run_thread(
    number: int, api: CollectionsApi, mp: Mixpeek, crossings: list[str], done: list[int]
) -> None:
    calls = 0
    for call in range(CALLS_PER_THREAD):
        identity = f"t{number:02d}c{call:03d}"
        namespace = f"ns_{identity}"
        if call % 2 == 0:
            key = f"sk_{identity}"
            got = api.get_collection(f"col_{identity}", authorization=key, x_namespace=namespace)
            sent: Mapping[str, Any] = {"id": f"col_{identity}", "ns": namespace, "auth": f"Bearer {key}"}
        else:
            got = mp.collections.get(f"col_{identity}", namespace=namespace)
            sent = {"id": f"col_{identity}", "ns": namespace, "auth": f"Bearer {MIXPEEK_KEY}"}
        echoed = {"id": got.collection_id, "ns": got.collection_name, "auth": got.description}
        if echoed != sent:
            crossings.append(f"sent {sent}, the server saw {echoed}")
        calls += 1
    done.append(calls)


def test_per_call_namespace_and_key_never_cross_threads(recording_server: RecordingServer) -> None:
    recording_server.handle_with(_echo)
    configuration = Configuration(
        host=recording_server.url,
        api_key="sk_configured",
        namespace="ns_configured",
        connection_pool_maxsize=THREADS,
    )
    crossings: list[str] = []
    done: list[int] = []
    with ApiClient(configuration) as client, Mixpeek(
        api_key=MIXPEEK_KEY, namespace="ns_default", base_url=recording_server.url
    ) as mp:
        api = CollectionsApi(client)
        threads = [
            threading.Thread(target=_run_thread, args=(number, api, mp, crossings, done))
            for number in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert crossings == []
    assert done == [CALLS_PER_THREAD] * THREADS  # every thread finished every call
    assert len(recording_server.requests) == THREADS * CALLS_PER_THREAD
