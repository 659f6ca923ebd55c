"""Write tokens (read-your-writes under a lagging snapshot) and idempotent upserts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional

import pytest

import mixpeek
from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.exceptions import BadRequestException, ConflictException
from mixpeek.local import LocalServer
from mixpeek.models import CreateCollectionRequest
from test.local.helpers import (
    create_search_retriever,
    create_standalone,
    documents_of,
    execute,
    ids_of,
    sdk_client,
    upsert,
)

QUERY = [1.0] + [0.0] * 7


@pytest.fixture(scope="module")
def lagging_url() -> Iterator[str]:
    """A server whose reads without a write token lag by an hour (so the lag is never over in a test)."""
    with LocalServer(read_lag_seconds=3600) as server:
        yield server.url


@pytest.fixture
def lagging(lagging_url: str, namespace_name: str) -> Iterator[mixpeek.ApiClient]:
    with sdk_client(lagging_url, namespace_name) as client:
        create_standalone(client, namespace_name)
        yield client


def _found(
    client: mixpeek.ApiClient, retriever_id: str, headers: Optional[dict[str, str]] = None, **request: Any
) -> list[str]:
    return ids_of(execute(client, retriever_id, headers, inputs={"qv": QUERY}, **request))


def test_a_write_token_reads_the_write_a_lagging_read_misses(
    lagging: mixpeek.ApiClient, namespace_name: str
) -> None:
    retriever_id = create_search_retriever(lagging)
    written = upsert(lagging, namespace_name, [QUERY], options={"write_token": True})
    assert written.write_token and written.write_token.startswith("wt_")
    assert written.consistency.recommended_header == "X-Write-Token"

    assert _found(lagging, retriever_id) == []
    assert written.consistency is not None and written.write_token is not None
    assert _found(lagging, retriever_id, headers={"X-Write-Token": written.write_token}) == ["doc-0"]
    assert _found(lagging, retriever_id, write_token=written.write_token) == ["doc-0"]
    assert _found(lagging, retriever_id, consistency={"mode": "strong"}) == ["doc-0"]


def test_a_token_read_sees_the_newest_version_of_a_rewritten_document(
    lagging: mixpeek.ApiClient, namespace_name: str
) -> None:
    retriever_id = create_search_retriever(lagging)
    first = upsert(lagging, namespace_name, [QUERY], [{"version": 1}], options={"write_token": True})
    second = upsert(lagging, namespace_name, [QUERY], [{"version": 2}], options={"write_token": True})
    assert first.write_token != second.write_token
    assert second.write_token is not None
    latest = execute(lagging, retriever_id, {"X-Write-Token": second.write_token}, inputs={"qv": QUERY})
    assert [d["payload"]["version"] for d in documents_of(latest)] == [2]
    assert _found(lagging, retriever_id) == []  # both versions are newer than the lagging snapshot


def test_without_lag_every_read_sees_every_write(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name)
    retriever_id = create_search_retriever(client)
    written = upsert(client, namespace_name, [QUERY])
    assert written.write_token is None
    assert written.consistency is not None
    assert written.consistency.retriever_visible == "immediate"
    assert _found(client, retriever_id) == ["doc-0"]


@pytest.mark.parametrize("token", ["garbage", "wt_bm90LWpzb24.abc", "wt_eyJucyI6InguIiwic2VxIjoxfQ.forged"])
def test_a_malformed_or_unknown_token_is_a_400(lagging: mixpeek.ApiClient, token: str) -> None:
    retriever_id = create_search_retriever(lagging)
    with pytest.raises(BadRequestException) as refused:
        _found(lagging, retriever_id, headers={"X-Write-Token": token})
    assert "write token" in str(refused.value.body).lower()


def test_a_token_from_another_namespace_is_a_400(lagging_url: str, namespace_name: str) -> None:
    other = namespace_name + "-b"
    with sdk_client(lagging_url, namespace_name) as mine, sdk_client(lagging_url, other) as theirs:
        create_standalone(mine, namespace_name)
        create_standalone(theirs, other)
        token = upsert(theirs, other, [QUERY], options={"write_token": True}).write_token
        assert token is not None
        retriever_id = create_search_retriever(mine)
        with pytest.raises(BadRequestException) as refused:
            _found(mine, retriever_id, headers={"X-Write-Token": token})
        assert other in str(refused.value.body)


def test_an_idempotent_replay_returns_the_original_result_without_writing(
    lagging: mixpeek.ApiClient, namespace_name: str
) -> None:
    options = {"write_token": True, "idempotency_key": "batch-1"}
    first = upsert(lagging, namespace_name, [QUERY], [{"n": 1}], options=options)
    stored = BYODocumentsApi(lagging).get_document_byo_namespaces(namespace_name, "doc-0")
    replay = upsert(lagging, namespace_name, [QUERY], [{"n": 1}], options=options)
    assert replay.to_dict() == first.to_dict()
    assert BYODocumentsApi(lagging).get_document_byo_namespaces(namespace_name, "doc-0") == stored


def test_the_same_idempotency_key_with_another_body_is_a_409(
    lagging: mixpeek.ApiClient, namespace_name: str
) -> None:
    upsert(lagging, namespace_name, [QUERY], [{"n": 1}], options={"idempotency_key": "batch-2"})
    with pytest.raises(ConflictException) as clash:
        upsert(lagging, namespace_name, [QUERY], [{"n": 2}], options={"idempotency_key": "batch-2"})
    assert clash.value.status == 409
    document = BYODocumentsApi(lagging).get_document_byo_namespaces(namespace_name, "doc-0")
    assert document["payload"] == {"n": 1}


def test_an_idempotency_key_header_makes_any_write_run_once(
    client: mixpeek.ApiClient, namespace_name: str
) -> None:
    create_standalone(client, namespace_name)
    api = CollectionsApi(client)
    request = CreateCollectionRequest.model_validate({"collection_name": "once", "source": {"type": "none"}})
    first = api.create_collection(request, _idempotency_key="create-once")
    again = api.create_collection(request, _idempotency_key="create-once")
    assert again.collection_id == first.collection_id
    assert api.list_collections_get().total_count == 1
    other = CreateCollectionRequest.model_validate({"collection_name": "twice", "source": {"type": "none"}})
    with pytest.raises(ConflictException):
        api.create_collection(other, _idempotency_key="create-once")
    with pytest.raises(ConflictException):  # without a key, the duplicate name is refused as usual
        api.create_collection(request)


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_lagging_read_sees_the_version_from_before_the_lag(namespace_name: str) -> None:
    clock = FakeClock()
    with (
        LocalServer(read_lag_seconds=5, clock=clock) as server,
        sdk_client(server.url, namespace_name) as client,
    ):
        create_standalone(client, namespace_name)
        retriever_id = create_search_retriever(client)
        upsert(client, namespace_name, [QUERY], [{"version": 1}])
        clock.now += 10  # version 1 is now older than the lag
        second = upsert(client, namespace_name, [QUERY], [{"version": 2}], options={"write_token": True})
        assert second.write_token is not None

        def versions(headers: Optional[dict[str, str]] = None) -> list[int]:
            result = execute(client, retriever_id, headers, inputs={"qv": QUERY})
            return [int(document["payload"]["version"]) for document in documents_of(result)]

        assert versions() == [1]
        assert versions({"X-Write-Token": second.write_token}) == [2]
        clock.now += 10  # version 2 is now older than the lag too
        assert versions() == [2]
