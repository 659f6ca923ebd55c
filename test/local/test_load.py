"""The local server under load: bursts of clients, one client shared by many threads, and raw connections
that send slowly or nothing. Every request is answered (or refused with 503 and Retry-After), no write is
lost, and no connection holds up the others or stays open forever."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Optional

import pytest

import mixpeek
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.api.namespaces_api import NamespacesApi
from mixpeek.exceptions import ApiException
from mixpeek.local import LocalServer
from mixpeek.models import CreateCollectionRequest, CreateNamespaceRequest
from test.local.helpers import raw, sdk_client
from test.local.wire import connect, read_until_closed, request_head, statuses

BURST_CLIENTS = 200
SHARED_THREADS = 32
WRITES_PER_THREAD = 30
RAW_CLIENTS = 100


def _collection(name: str) -> CreateCollectionRequest:
    return CreateCollectionRequest.model_validate({"collection_name": name, "source": {"type": "none"}})


def _collection_count(url: str, namespace: str) -> int:
    with sdk_client(url) as client:
        return int(NamespacesApi(client).get_namespace(namespace).collection_count or 0)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def _new_namespace(url: str, name: str) -> None:
    with sdk_client(url) as client:
        request = CreateNamespaceRequest.model_validate({"namespace_name": name})
        NamespacesApi(client).create_namespace(request)


def _refused_politely(error: ApiException) -> bool:
    return error.status == 503 and bool((error.headers or {}).get("Retry-After"))


def test_a_burst_of_clients_is_answered_or_refused_with_503(server: LocalServer) -> None:
    _new_namespace(server.url, "burst")
    start = threading.Barrier(BURST_CLIENTS)
    created: list[int] = []
    refused: list[int] = []
    failures: list[BaseException] = []

    def create(number: int) -> None:
        with sdk_client(server.url, "burst") as client:
            start.wait(timeout=60)
            try:
                CollectionsApi(client).create_collection(_collection(f"burst-{number}"))
                created.append(number)
            except ApiException as error:
                (refused if _refused_politely(error) else failures).append(error)  # type: ignore[arg-type]
            except BaseException as error:  # reported below: a reset or timeout is a failure
                failures.append(error)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(BURST_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(created) + len(refused) == BURST_CLIENTS
    assert _collection_count(server.url, "burst") == len(created)


def test_threads_sharing_one_client_lose_no_write(server: LocalServer) -> None:
    _new_namespace(server.url, "shared")
    failures: list[BaseException] = []
    with sdk_client(server.url, "shared") as client:
        api = CollectionsApi(client)

        def write(thread: int) -> None:
            for number in range(WRITES_PER_THREAD):
                try:
                    api.create_collection(_collection(f"shared-{thread}-{number}"))
                except BaseException as error:
                    failures.append(error)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(SHARED_THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []
    assert _collection_count(server.url, "shared") == SHARED_THREADS * WRITES_PER_THREAD


def _raw_client(url: str, kind: int) -> socket.socket:
    """A connection that sends nothing, half a request line, or a head whose body never fully comes."""
    sock = connect(url)
    if kind == 1:
        sock.sendall(b"GET /v1/name")
    elif kind == 2:
        sock.sendall(request_head(url, "POST", "/v1/namespaces/list", "Content-Length: 100") + b"{")
    return sock


def test_silent_and_slow_raw_clients_neither_block_others_nor_stay_open() -> None:
    with LocalServer(idle_timeout=1.0) as server, ExitStack() as stack:
        sockets = [stack.enter_context(_raw_client(server.url, n % 3)) for n in range(RAW_CLIENTS)]
        for _ in range(10):  # meanwhile, ordinary requests are served as usual
            assert raw(server.url, "GET", "/v1/namespaces")[0] == 200
        outcomes = [read_until_closed(sock, seconds=10) for sock in sockets]
    assert all(closed for _, closed in outcomes)
    # the client stuck inside its body is told why (408); the others get no answer, only the close
    assert [statuses(answer) for answer, _ in outcomes[2::3]] == [[408]] * len(outcomes[2::3])


def test_connections_beyond_the_limit_get_503_with_retry_after() -> None:
    with LocalServer(max_connections=2) as server:
        held: list[Optional[socket.socket]] = [connect(server.url), connect(server.url)]
        try:
            status, body = raw(server.url, "GET", "/v1/namespaces")
            assert status == 503 and body is not None
            assert body["error"]["type"] == "ServiceUnavailableError"
            answer, closed = read_until_closed(
                _send(connect(server.url), request_head(server.url, "GET", "/v1/namespaces")), 5
            )
            assert b"\r\nRetry-After: 1\r\n" in answer and statuses(answer) == [503] and closed
        finally:
            for sock in held:
                if sock is not None:
                    sock.close()
        assert _eventually_served(server.url)  # slots come back when connections end


def _eventually_served(url: str, attempts: int = 50) -> bool:
    """Whether a request is served within `attempts` tries (the server notices a close asynchronously)."""
    for _ in range(attempts):
        if raw(url, "GET", "/v1/namespaces")[0] == 200:
            return True
        time.sleep(0.1)
    return False


def _send(sock: socket.socket, data: bytes) -> socket.socket:
    sock.sendall(data)
    return sock


def test_the_sdk_retries_a_refused_connection_after_retry_after() -> None:
    with LocalServer(max_connections=1) as server:
        blocker = connect(server.url)
        timer = threading.Timer(0.5, blocker.close)
        timer.start()
        configuration = mixpeek.Configuration(host=server.url, api_key="sk_x", max_retries=3)
        try:
            with mixpeek.ApiClient(configuration) as client:
                assert NamespacesApi(client).list_namespaces_get() is not None
        finally:
            timer.cancel()
            blocker.close()
