"""Helpers for the local server's tests: SDK clients, raw HTTP calls and common setups."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any, Optional

import urllib3

import mixpeek
from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.models import (
    BYOUpsertRequest,
    CreateRetrieverRequest,
    CreateStandaloneNamespaceRequestModel,
    ExecuteRetrieverRequest,
    ExecuteRetrieverResponse,
)

TEST_KEY = "sk_local_test"
_HTTP = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=30))


def sdk_client(url: str, namespace: Optional[str] = None, api_key: str = TEST_KEY) -> mixpeek.ApiClient:
    """An `ApiClient` for a local server (no retries, so every status is seen as sent)."""
    return mixpeek.ApiClient(
        mixpeek.Configuration(host=url, api_key=api_key, namespace=namespace, max_retries=0)
    )


def raw(
    url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    namespace: Optional[str] = None,
    api_key: Optional[str] = TEST_KEY,
    headers: Optional[dict[str, str]] = None,
    raw_body: Optional[bytes] = None,
) -> tuple[int, Any]:
    """One request with urllib3, bypassing the SDK's own checks; returns (status, decoded JSON or None)."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if api_key is not None:
        sent["Authorization"] = f"Bearer {api_key}"
    if namespace is not None:
        sent["X-Namespace"] = namespace
    data = raw_body if raw_body is not None else (json.dumps(body).encode() if body is not None else None)
    response = _HTTP.request(method, url + path, body=data, headers=sent)
    return response.status, (json.loads(response.data) if response.data else None)


def assert_error_shape(body: Any, status: int) -> None:
    """The API's ErrorResponse: success false, the status, and an error with a message and a type."""
    assert body["success"] is False
    assert body["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["type"], str) and body["error"]["type"]


def random_vectors(count: int, dimension: int, seed: int) -> list[list[float]]:
    """Reproducible random vectors with components in [-1, 1)."""
    generator = random.Random(seed)
    return [[generator.uniform(-1.0, 1.0) for _ in range(dimension)] for _ in range(count)]


def create_standalone(
    client: mixpeek.ApiClient, namespace: str, dimension: int = 8, metric: str = "cosine"
) -> None:
    """A standalone namespace with one vector index named "v"."""
    BYODocumentsApi(client).create_standalone_namespace(
        CreateStandaloneNamespaceRequestModel.model_validate(
            {
                "namespace_id": namespace,
                "vector_configs": [{"name": "v", "dimension": dimension, "metric": metric}],
            }
        )
    )


def upsert(
    client: mixpeek.ApiClient,
    namespace: str,
    vectors: Sequence[Sequence[float]],
    payloads: Optional[Sequence[dict[str, Any]]] = None,
    *,
    first_id: int = 0,
    options: Optional[dict[str, Any]] = None,
) -> Any:
    """Upsert documents "doc-<n>" with vector "v" and the given payloads."""
    documents = [
        {
            "document_id": f"doc-{first_id + i}",
            "vectors": {"v": list(vector)},
            "payload": (payloads or [{}] * len(vectors))[i],
        }
        for i, vector in enumerate(vectors)
    ]
    return BYODocumentsApi(client).upsert_documents_byo_namespaces(
        namespace, BYOUpsertRequest.model_validate({"documents": documents, "options": options})
    )


def vector_search_stage(
    top_k: int = 10, *, feature_uri: str = "v", value: Any = "{{INPUT.qv}}"
) -> dict[str, Any]:
    """A feature_search stage over one vector index, its query vector taken from the input "qv"."""
    return feature_search_stage(vector_search(feature_uri, value, top_k=top_k), final_top_k=top_k)


def create_search_retriever(client: mixpeek.ApiClient, top_k: int = 10, name: str = "search") -> str:
    """A retriever with one vector feature_search stage; returns its id."""
    created = RetrieversApi(client).create_retriever(
        CreateRetrieverRequest.model_validate(
            {
                "retriever_name": name,
                "stages": [vector_search_stage(top_k)],
                "input_schema": {"qv": {"type": "array", "required": True}},
            }
        )
    )
    return str(created.retriever_id)


def execute(
    client: mixpeek.ApiClient,
    retriever_id: Optional[str],
    headers: Optional[dict[str, str]] = None,
    **request: Any,
) -> ExecuteRetrieverResponse:
    """Execute a stored retriever with an ExecuteRetrieverRequest made of `request`."""
    assert retriever_id is not None
    body = ExecuteRetrieverRequest.model_validate(request)
    return RetrieversApi(client).execute_retriever(retriever_id, body, _headers=headers)


def documents_of(result: ExecuteRetrieverResponse) -> list[dict[str, Any]]:
    """The documents of an execution (always present in the local server's answers)."""
    assert result.documents is not None
    return list(result.documents)


def ids_of(result: ExecuteRetrieverResponse) -> list[str]:
    """The document ids of an execution, best first."""
    return [str(document["document_id"]) for document in documents_of(result)]


def axis_embedder(text: str, inference_service: str) -> list[float]:
    """A stand-in text model for CLI tests (loadable as ``test.local.helpers:axis_embedder``)."""
    return [1.0, 0.0] if "left" in text else [0.0, 1.0]
