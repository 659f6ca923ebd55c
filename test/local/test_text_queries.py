"""Text queries: refused on a standalone index, embedded with the server's embedder after promotion."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import mixpeek
from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.client.stages import feature_search_stage, text_search
from mixpeek.exceptions import BadRequestException, ConflictException
from mixpeek.local import LocalServer
from mixpeek.models import CreateRetrieverRequest, PromoteNamespaceRequestModel
from test.local.helpers import create_standalone, execute, ids_of, sdk_client, upsert

SERVICE = "intfloat/multilingual-e5-large-instruct"


def _text_retriever(client: mixpeek.ApiClient) -> str:
    stage = feature_search_stage(text_search("v", "{{INPUT.q}}", top_k=3), final_top_k=3)
    body = {
        "retriever_name": "text",
        "stages": [stage],
        "input_schema": {"q": {"type": "string", "required": True}},
    }
    created = RetrieversApi(client).create_retriever(CreateRetrieverRequest.model_validate(body))
    assert created.retriever_id is not None
    return created.retriever_id


def _promote(client: mixpeek.ApiClient, namespace: str) -> None:
    request = PromoteNamespaceRequestModel.model_validate(
        {"vector_mappings": [{"existing_index": "v", "inference_service": SERVICE}]}
    )
    promoted = BYODocumentsApi(client).promote_namespace(namespace, request)
    assert (promoted.previous_mode, promoted.mode) == ("standalone", "managed")
    assert promoted.vector_inference_map == {"v": SERVICE}


def fake_embedder(text: str, service: str) -> Sequence[float]:
    """A deterministic stand-in for a model: "left" points one way, anything else the other."""
    assert service == SERVICE
    return [1.0, 0.0] if "left" in text else [0.0, 1.0]


def test_text_before_promotion_is_an_actionable_400(local_url: str, namespace_name: str) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=2)
        retriever_id = _text_retriever(client)
        with pytest.raises(BadRequestException) as refused:
            execute(client, retriever_id, inputs={"q": "hello"})
    message = str(refused.value.body)
    assert "promote" in message.lower() and "input_mode=vector" in message


def test_promoted_namespace_without_an_embedder_says_so(local_url: str, namespace_name: str) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=2)
        _promote(client, namespace_name)
        with pytest.raises(BadRequestException) as refused:
            execute(client, _text_retriever(client), inputs={"q": "hello"})
    assert "embedder" in str(refused.value.body).lower()


def test_promoted_namespace_embeds_text_with_the_given_embedder(namespace_name: str) -> None:
    with LocalServer(embedder=fake_embedder) as server, sdk_client(server.url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=2)
        upsert(client, namespace_name, [[1.0, 0.1], [0.1, 1.0]])
        _promote(client, namespace_name)
        retriever_id = _text_retriever(client)
        assert ids_of(execute(client, retriever_id, inputs={"q": "go left"})) == ["doc-0", "doc-1"]
        assert ids_of(execute(client, retriever_id, inputs={"q": "go right"})) == ["doc-1", "doc-0"]


def test_promotion_validation_and_repeated_promotion(local_url: str, namespace_name: str) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name, dimension=2)
        api = BYODocumentsApi(client)
        bad = PromoteNamespaceRequestModel.model_validate(
            {"vector_mappings": [{"existing_index": "missing", "inference_service": SERVICE}]}
        )
        review = api.validate_promotion_namespaces_id_promote(namespace_name, bad)
        assert review.valid is False
        assert review.errors and "missing" in str(review.errors[0])
        with pytest.raises(BadRequestException):
            api.promote_namespace(namespace_name, bad)
        _promote(client, namespace_name)
        with pytest.raises(ConflictException):
            _promote(client, namespace_name)
