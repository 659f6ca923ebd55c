"""Collections, documents, buckets, objects and retrievers through the SDK, and retrieval over collections."""

from __future__ import annotations

from typing import Any

import pytest

import mixpeek
from mixpeek.api.adhoc_retrievers_api import AdhocRetrieversApi
from mixpeek.api.bucket_objects_api import BucketObjectsApi
from mixpeek.api.buckets_api import BucketsApi
from mixpeek.api.collection_documents_api import CollectionDocumentsApi
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.exceptions import ConflictException, NotFoundException
from mixpeek.models import (
    AdhocExecuteRequest,
    BucketCreateRequest,
    CreateCollectionRequest,
    CreateObjectRequest,
    CreateRetrieverRequest,
    DocumentCreateRequest,
    PatchRetrieverRequest,
    TriggerCollectionRequest,
)
from test.local.helpers import create_standalone, documents_of, execute, ids_of, vector_search_stage

Json = dict[str, Any]


def _collection(client: mixpeek.ApiClient, name: str) -> str:
    body = {"collection_name": name, "source": {"type": "none"}, "metadata": {"team": "search"}}
    created = CollectionsApi(client).create_collection(CreateCollectionRequest.model_validate(body))
    assert created.collection_id is not None
    return created.collection_id


def test_collection_lifecycle(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name)
    api = CollectionsApi(client)
    collection_id = _collection(client, "articles")
    assert api.get_collection("articles").collection_id == collection_id
    with pytest.raises(ConflictException):
        _collection(client, "articles")
    renamed = api.update_collection(collection_id, {"collection_name": "posts", "description": "renamed"})
    assert (renamed.collection_name, renamed.description) == ("posts", "renamed")
    assert renamed.metadata == {"team": "search"}
    api.delete_collection("posts")
    with pytest.raises(NotFoundException):
        api.get_collection(collection_id)


def test_document_lifecycle(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name)
    _collection(client, "notes")
    api = CollectionDocumentsApi(client)
    created = api.create_document(
        "notes", DocumentCreateRequest(metadata={"title": "a", "n": 1}, vectors={"emb": [1.0, 0.0]})
    )
    document_id = created.document_id
    fetched = api.get_document("notes", document_id, return_vectors=True).to_dict()
    assert fetched["metadata"] == {"title": "a", "n": 1}
    assert fetched["vectors"] == {"emb": [1.0, 0.0]}
    patched = api.patch_document("notes", document_id, {"metadata": {"title": "b"}}).to_dict()
    assert patched["metadata"] == {"title": "b"}
    replaced = api.update_document("notes", document_id, {"tags": ["x"]}).to_dict()
    assert "metadata" not in replaced and replaced["tags"] == ["x"]
    assert api.get_document("notes", document_id, return_vectors=True).to_dict()["vectors"] == {
        "emb": [1.0, 0.0]
    }
    api.delete_document("notes", document_id)
    with pytest.raises(NotFoundException):
        api.get_document("notes", document_id)


def test_retrievers_search_collection_documents(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name, dimension=2)  # collection vectors named "v" use this config
    for name in ("north", "south"):
        _collection(client, name)
    documents = CollectionDocumentsApi(client)
    documents.create_document(
        "north",
        DocumentCreateRequest.model_validate(
            {"document_id": "n1", "metadata": {"c": "n"}, "vectors": {"v": [1.0, 0.0]}}
        ),
    )
    documents.create_document(
        "south",
        DocumentCreateRequest.model_validate(
            {"document_id": "s1", "metadata": {"c": "s"}, "vectors": {"v": [0.0, 1.0]}}
        ),
    )
    documents.create_document(
        "south",
        DocumentCreateRequest.model_validate(
            {"document_id": "s2", "metadata": {"c": "s"}, "vectors": {"v": [0.7, 0.7]}}
        ),
    )
    body: Json = {
        "retriever_name": "both",
        "collection_identifiers": ["north", "south"],
        "stages": [vector_search_stage(3, feature_uri="v")],
    }
    retriever = RetrieversApi(client).create_retriever(CreateRetrieverRequest.model_validate(body))
    found = execute(client, retriever.retriever_id, inputs={"qv": [1.0, 0.1]})
    assert ids_of(found) == ["n1", "s2", "s1"]
    assert {d["collection_id"] for d in documents_of(found)} == set(retriever.collection_ids or [])

    assert retriever.retriever_id is not None
    patched = RetrieversApi(client).patch_retriever(
        retriever.retriever_id, PatchRetrieverRequest.model_validate({"collection_identifiers": ["south"]})
    )
    assert patched.retriever.version == 2
    assert ids_of(execute(client, retriever.retriever_id, inputs={"qv": [1.0, 0.1]})) == ["s2", "s1"]


def test_adhoc_execution_fuses_several_searches(client: mixpeek.ApiClient, namespace_name: str) -> None:
    from test.local.helpers import upsert

    create_standalone(client, namespace_name, dimension=2)
    upsert(client, namespace_name, [[1.0, 0.0], [0.0, 1.0], [0.7, 0.7]])
    stage = feature_search_stage(
        vector_search("v", [1.0, 0.0], top_k=3), vector_search("v", [0.0, 1.0], top_k=3), stage_name="both"
    )
    result = AdhocRetrieversApi(client).execute_adhoc_retriever(
        AdhocExecuteRequest.model_validate({"stages": [stage]})
    )
    ranked = [(d["document_id"], d["score"]) for d in result["documents"]]
    # Reciprocal-rank fusion (k=60): doc-0 and doc-1 are first in one list and third in the other,
    # doc-2 second in both: 1/61 + 1/63 > 2/62.
    assert {ranked[0][0], ranked[1][0]} == {"doc-0", "doc-1"}
    assert ranked[0][1] == pytest.approx(1 / 61 + 1 / 63) and ranked[1][1] == pytest.approx(1 / 61 + 1 / 63)
    assert ranked[2] == ("doc-2", pytest.approx(2 / 62))


def test_bucket_and_object_lifecycle(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name)
    buckets = BucketsApi(client)
    bucket = buckets.create_bucket(
        BucketCreateRequest.model_validate(
            {"bucket_name": "media", "bucket_schema": {"properties": {"video": {"type": "video"}}}}
        )
    )
    objects = BucketObjectsApi(client)
    blob = {
        "property": "video",
        "type": "video",
        "data": "s3://bucket/video.mp4",
        "metadata": {"title": "Demo"},
    }
    created = objects.create_object_buckets(
        "media", CreateObjectRequest.model_validate({"key_prefix": "demo", "blobs": [blob]})
    )
    assert created.bucket_id == bucket.bucket_id
    assert created.blobs is not None and created.blobs[0].properties == {"title": "Demo"}
    assert buckets.get_bucket("media").object_count == 1
    assert objects.get_object_buckets("media", created.object_id).key_prefix == "demo"  # type: ignore[arg-type]
    listed = objects.list_objects_get_buckets("media")
    assert [o.object_id for o in listed.results] == [created.object_id]
    objects.delete_object_buckets("media", created.object_id)  # type: ignore[arg-type]
    assert buckets.get_bucket("media").object_count == 0
    buckets.delete_bucket("media")
    with pytest.raises(NotFoundException):
        buckets.get_bucket("media")


def test_triggering_a_collection_is_accepted_without_producing_documents(
    client: mixpeek.ApiClient, namespace_name: str
) -> None:
    create_standalone(client, namespace_name)
    bucket = BucketsApi(client).create_bucket(
        BucketCreateRequest.model_validate({"bucket_name": "inbox", "bucket_schema": {"properties": {}}})
    )
    assert bucket.bucket_id is not None
    blob = {"property": "file", "type": "text", "data": "s3://bucket/a.txt"}
    created = BucketObjectsApi(client).create_object_buckets(
        "inbox", CreateObjectRequest.model_validate({"blobs": [blob]})
    )
    assert created.blobs is not None and created.blobs[0].to_dict()["data"] == "s3://bucket/a.txt"
    source = {"collection_name": "processed", "source": {"type": "bucket", "bucket_ids": [bucket.bucket_id]}}
    CollectionsApi(client).create_collection(CreateCollectionRequest.model_validate(source))
    triggered = CollectionsApi(client).trigger_collection_with_http_info(
        "processed", TriggerCollectionRequest()
    )
    assert triggered.status_code == 202
    assert triggered.data.task_id and triggered.data.object_count == 1 and triggered.data.document_count == 0
    assert "no feature extractors" in triggered.data.message
