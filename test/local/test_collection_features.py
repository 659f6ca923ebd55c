"""A collection's features (its vector indexes) and the high-level client's text search over them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from mixpeek import Mixpeek
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.exceptions import BadRequestException, NotFoundException
from mixpeek.local import LocalServer
from test.local.helpers import TEST_KEY, sdk_client

SERVICE = "intfloat/multilingual-e5-large-instruct"


def axis_embedder(text: str, inference_service: str) -> Sequence[float]:
    """A stand-in text model: "left" points along the first axis, anything else along the second."""
    assert inference_service == SERVICE
    return [1.0, 0.0] if "left" in text else [0.0, 1.0]


@pytest.fixture
def mp(namespace_name: str) -> Iterator[Mixpeek]:
    """A client on a server with an embedder; a standalone namespace with index "v" (2 dimensions) and a
    collection "notes" (text_extractor v1) holding two documents with "v" vectors."""
    with (
        LocalServer(embedder=axis_embedder) as server,
        Mixpeek(TEST_KEY, namespace=namespace_name, base_url=server.url, max_retries=0) as client,
    ):
        client.namespaces.create(
            namespace_id=namespace_name, vector_configs=[{"name": "v", "dimension": 2, "metric": "dot"}]
        )
        client.collections.create(
            "notes",
            source={"type": "none"},
            feature_extractor={"feature_extractor_name": "text_extractor", "version": "v1"},
        )
        client.documents.create("notes", document_id="east", vectors={"v": [1.0, 0.1]})
        client.documents.create("notes", document_id="north", vectors={"v": [0.1, 1.0]})
        yield client


def test_features_are_the_collections_vector_indexes(mp: Mixpeek, namespace_name: str) -> None:
    mp.documents.create("notes", document_id="pic", vectors={"v": [0.5, 0.5], "img": [1.0, 0.0, 0.0]})
    with sdk_client(mp.base_url, namespace_name) as client:
        described = CollectionsApi(client).describe_collection_features("notes")  # the spec's model
    by_name = {feature.vector_index.name: feature for feature in described.features}
    assert sorted(by_name) == ["img", "v"]
    declared, written = by_name["v"], by_name["img"]
    assert declared.feature_uri == "mixpeek://text_extractor@v1/v" == declared.feature_address
    assert (declared.feature_extractor_name, declared.version) == ("text_extractor", "v1")
    assert (declared.vector_index.dimensions, declared.vector_index.distance) == (2, "dot")
    assert (written.vector_index.dimensions, written.vector_index.distance) == (3, "cosine")
    assert not declared.primary and not written.primary  # nothing maps them to an inference service


def test_a_features_uri_searches_its_index(mp: Mixpeek) -> None:
    uri = mp.collections.features("notes")["features"][0]["feature_uri"]
    stage = feature_search_stage(vector_search(uri, [1.0, 0.0], top_k=2))
    retriever = mp.retrievers.create("by-uri", [stage], collection_identifiers=["notes"])
    hits = mp.retrievers.execute(retriever["retriever_id"], {})
    assert [hit["document_id"] for hit in hits["documents"]] == ["east", "north"]


def test_unknown_collection_is_a_404(mp: Mixpeek) -> None:
    with pytest.raises(NotFoundException):
        mp.collections.features("missing")


def test_text_search_on_an_index_without_inference_is_a_400_saying_search_by_vector(mp: Mixpeek) -> None:
    with pytest.raises(BadRequestException) as refused:
        mp.search("go left", collection="notes")
    message = str(refused.value)
    assert "by vector instead" in message and "search(queries=[" in message and "promote" in message


def test_text_search_uses_the_promoted_primary_feature(mp: Mixpeek, namespace_name: str) -> None:
    mp.namespaces.promote(
        namespace_name, vector_mappings=[{"existing_index": "v", "inference_service": SERVICE}]
    )
    mp.documents.create("notes", document_id="pic", vectors={"v": [0.5, 0.5], "img": [1.0, 0.0, 0.0]})
    features = {f["vector_index"]["name"]: f for f in mp.collections.features("notes")["features"]}
    assert features["v"]["primary"] and not features["img"]["primary"]
    assert features["v"]["vector_index"]["inference_service_id"] == SERVICE
    hits = mp.search("go left", collection="notes", limit=2)
    assert [hit["document_id"] for hit in hits["documents"]] == ["east", "pic"]
    hits = mp.search("go up", collection="notes", limit=1)
    assert [hit["document_id"] for hit in hits["documents"]] == ["north"]
