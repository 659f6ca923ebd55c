"""Hostile numbers and shapes in request bodies: NaN, Infinity and out-of-range floats are refused (422),
no answer ever carries a NaN or Infinity token, deep nesting is a 400 (not a crash), and a refused request
leaves nothing behind."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Optional

import pytest
import urllib3

from mixpeek.local import LocalServer
from test.local.helpers import (
    TEST_KEY,
    assert_error_shape,
    create_search_retriever,
    create_standalone,
    raw,
    sdk_client,
    upsert,
)
from test.local.test_text_queries import _promote, _text_retriever

_HTTP = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=30))


def _refuse_constant(token: str) -> Any:
    raise AssertionError(f"the answer carries {token}, which is not JSON")


def strict_call(
    url: str, method: str, path: str, body: bytes, namespace: Optional[str] = None
) -> tuple[int, Any]:
    """A request with an exact body; the answer is decoded as strict JSON (NaN/Infinity tokens fail)."""
    headers = {"Authorization": f"Bearer {TEST_KEY}", "Content-Type": "application/json"}
    if namespace is not None:
        headers["X-Namespace"] = namespace
    response = _HTTP.request(method, url + path, body=body, headers=headers)
    return response.status, json.loads(response.data, parse_constant=_refuse_constant)


def _upsert_body(vector_text: str) -> bytes:
    return b'{"documents": [{"document_id": "d", "vectors": {"v": %s}}]}' % vector_text.encode()


HOSTILE_VECTORS = [
    "[NaN, 1.0]",
    "[Infinity, 1.0]",
    "[-Infinity, 1.0]",
    "[1e400, 1.0]",
    "[-1e400, 1.0]",
    "[3.5e38, 1.0]",
    "[1" + "0" * 400 + ", 1.0]",
    "[1e17, 1.0]",
]


@pytest.mark.parametrize("vector", HOSTILE_VECTORS)
def test_hostile_numbers_in_a_standalone_upsert_get_422(
    local_url: str, namespace_name: str, vector: str
) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=2)
    path = f"/v1/namespaces/{namespace_name}/documents/upsert"
    status, body = strict_call(local_url, "POST", path, _upsert_body(vector))
    assert status == 422, body
    assert_error_shape(body, 422)
    assert raw(local_url, "GET", f"/v1/namespaces/{namespace_name}/documents/d")[0] == 404


def _collection(url: str, namespace: str) -> str:
    assert raw(url, "POST", "/v1/namespaces", {"namespace_name": namespace})[0] == 200
    created = {"collection_name": "docs", "source": {"type": "none"}}
    status, body = raw(url, "POST", "/v1/collections", created, namespace=namespace)
    assert status == 200
    return str(body["collection_id"])


@pytest.mark.parametrize("vector", HOSTILE_VECTORS)
def test_hostile_numbers_in_a_collection_document_get_422(
    local_url: str, namespace_name: str, vector: str
) -> None:
    collection = _collection(local_url, namespace_name)
    body = b'{"document_id": "d", "vectors": {"v": %s}}' % vector.encode()
    status, answer = strict_call(
        local_url, "POST", f"/v1/collections/{collection}/documents", body, namespace_name
    )
    assert status == 422, answer
    # nothing was fixed by the refusal: a 3-dimensional vector "v" is still welcome
    good = {"document_id": "d", "vectors": {"v": [1.0, 2.0, 3.0]}}
    assert (
        raw(local_url, "POST", f"/v1/collections/{collection}/documents", good, namespace=namespace_name)[0]
        == 200
    )


@pytest.mark.parametrize("vector", HOSTILE_VECTORS)
def test_hostile_numbers_in_a_query_get_422(local_url: str, namespace_name: str, vector: str) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=2)
        upsert(client, namespace_name, [[1.0, 0.0]])
        retriever_id = create_search_retriever(client)
    body = b'{"inputs": {"qv": %s}}' % vector.encode()
    status, answer = strict_call(
        local_url, "POST", f"/v1/retrievers/{retriever_id}/execute", body, namespace_name
    )
    assert status == 422, answer


def test_a_refused_document_create_leaves_no_vector_index_behind(local_url: str, namespace_name: str) -> None:
    collection = _collection(local_url, namespace_name)
    path = f"/v1/collections/{collection}/documents"
    refused = {"document_id": "d", "vectors": {"v": [1.0, 2.0], "w": []}}
    assert raw(local_url, "POST", path, refused, namespace=namespace_name)[0] == 400
    accepted = {"document_id": "d", "vectors": {"v": [1.0, 2.0, 3.0]}}
    assert raw(local_url, "POST", path, accepted, namespace=namespace_name)[0] == 200


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_a_body_nested_too_deep_is_a_400(local_url: str, opening: bytes) -> None:
    body = opening * 5000 + b"1" + (b"]" if opening == b"[" else b"}") * 5000
    status, answer = strict_call(local_url, "POST", "/v1/namespaces/list", body)
    assert status == 400, answer
    assert "nested" in answer["error"]["message"]


def test_a_body_nested_within_the_limit_is_read(local_url: str) -> None:
    body = b'{"filters": {"AND": [{"OR": [{"AND": []}]}]}}'
    assert strict_call(local_url, "POST", "/v1/namespaces/list", body)[0] == 200


def _nan_embedder(text: str, service: str) -> Sequence[float]:
    return [float("nan"), 1.0]


def test_an_answer_never_carries_nan_even_from_a_broken_embedder(namespace_name: str) -> None:
    with LocalServer(embedder=_nan_embedder) as server:
        with sdk_client(server.url, namespace_name) as client:
            create_standalone(client, namespace_name, dimension=2)
            upsert(client, namespace_name, [[1.0, 0.0]])
            _promote(client, namespace_name)
            retriever_id = _text_retriever(client)
        body = b'{"inputs": {"q": "anything"}}'
        path = f"/v1/retrievers/{retriever_id}/execute"
        status, answer = strict_call(server.url, "POST", path, body, namespace_name)
    assert status == 500, answer
    assert "embedder" in answer["error"]["message"]


@pytest.mark.parametrize("metric", ["cosine", "dot", "euclidean"])
def test_scores_at_the_largest_accepted_components_stay_finite(
    local_url: str, namespace_name: str, metric: str
) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=4, metric=metric)
        upsert(client, namespace_name, [[1e16, -1e16, 1e16, -1e16], [-1e16, 1e16, -1e16, 1e16]])
        retriever_id = create_search_retriever(client)
    body = b'{"inputs": {"qv": [1e16, 1e16, -1e16, -1e16]}}'
    path = f"/v1/retrievers/{retriever_id}/execute"
    status, answer = strict_call(local_url, "POST", path, body, namespace_name)
    assert status == 200, answer
    assert len(answer["documents"]) == 2
