"""One client shared by many threads, proxies, pools, and the light import of the runtime."""

from __future__ import annotations

import subprocess
import sys
import threading

from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.rest import _pool_kwargs
from test.conftest import MakeClient
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordedRequest, RecordingServer, make_response

THREADS = 8
CALLS = 100


def test_per_call_state_never_crosses_threads(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    def echo(request: RecordedRequest) -> object:
        return make_response(
            200, {"collection_id": request.headers["X-Namespace"], "collection_name": request.raw_path}
        )

    recording_server.handle_with(echo)  # type: ignore[arg-type]
    client = make_client()
    crossings: list[str] = []
    failures: list[BaseException] = []

    def worker(thread: int) -> None:
        try:
            for call in range(CALLS):
                namespace = f"ns_{thread}_{call}"
                result = client.call(
                    GET_COLLECTION,
                    (f"c_{thread}_{call}",),
                    None,
                    namespace,
                    {"_headers": {"X-Thread": str(thread)}},
                )
                if (result.collection_id, result.collection_name) != (
                    namespace,
                    f"/v1/collections/c_{thread}_{call}",
                ):
                    crossings.append(f"{namespace}: {result!r}")
        except BaseException as exc:  # reported below, with the thread's context
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert crossings == []
    requests = recording_server.requests
    assert len(requests) == THREADS * CALLS
    for request in requests:
        _, thread_number, call_number = request.headers["X-Namespace"].split("_")
        assert request.raw_path == f"/v1/collections/c_{thread_number}_{call_number}"
        assert request.headers["X-Thread"] == thread_number


def test_requests_go_through_a_configured_proxy(recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    configuration = Configuration(
        host="http://api.example.invalid",
        api_key="sk_proxy_test",
        proxy=recording_server.url,
        proxy_headers={"Proxy-Authorization": "Basic dXNlcjpwYXNz"},
    )
    with ApiClient(configuration) as client:
        assert client.call(GET_COLLECTION, ("c1",)).collection_id == "c1"
    request = recording_server.last_request
    assert request.raw_path == "http://api.example.invalid/v1/collections/c1"
    assert request.headers["Proxy-Authorization"] == "Basic dXNlcjpwYXNz"


def test_tls_settings_reach_the_pool() -> None:
    verified = _pool_kwargs(Configuration(ssl_ca_cert="/ca.pem", cert_file="/c.pem", key_file="/k.pem"))
    assert verified["cert_reqs"] == "CERT_REQUIRED"
    assert (verified["ca_certs"], verified["cert_file"], verified["key_file"]) == (
        "/ca.pem",
        "/c.pem",
        "/k.pem",
    )
    assert verified["retries"] is False
    assert _pool_kwargs(Configuration(verify_ssl=False))["cert_reqs"] == "CERT_NONE"


def test_keep_alive_reuses_one_connection(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    for _ in range(5):
        client.call(GET_COLLECTION, ("c1",))
    pool = client.rest_client.pool_manager.connection_from_url(recording_server.url)
    assert pool.num_connections == 1


def test_importing_the_runtime_loads_no_model_module() -> None:
    code = (
        "import sys, mixpeek.api_client, mixpeek._api_base, mixpeek.rest;"
        "print(sorted(m for m in sys.modules if m.startswith(('mixpeek.models', 'mixpeek.api.'))))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_a_closed_client_reconnects_on_the_next_call(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    client.call(GET_COLLECTION, ("c1",))
    client.close()
    assert client.call(GET_COLLECTION, ("c1",)).collection_id == "c1"
    assert len(recording_server.requests) == 2
