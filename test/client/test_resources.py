"""Every resource method: the request it sends (method, path, query, headers, body) and the typed result.

Each case calls one high-level method against the recording server and checks the one request it made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pytest

from mixpeek import models
from mixpeek.client import Mixpeek
from mixpeek.exceptions import ApiTypeError, ApiValueError
from test.support.servers import RecordingServer

NS = "ns_test"
COLLECTION = {"collection_id": "col_1", "collection_name": "films"}
DOCUMENT = {"document_id": "doc_1", "collection_id": "col_1"}
BUCKET = {"bucket_id": "bkt_1", "bucket_name": "raw"}
OBJECT = {"object_id": "obj_1", "bucket_id": "bkt_1"}
UPLOAD = {"upload_id": "upl_1", "presigned_url": "https://example.invalid/put"}
RETRIEVER = {"retriever_id": "ret_1", "retriever_name": "r", "stages": [], "collection_identifiers": []}
#: A valid flat taxonomy configuration (its tag, the retriever that assigns, the collection it reads).
FLAT_CONFIG = {
    "taxonomy_type": "flat",
    "retriever_id": "ret_1",
    "input_mappings": [],
    "source_collection": {"collection_id": "col_1"},
}
TAXONOMY = {"taxonomy_id": "tax_1", "taxonomy_name": "genres"}
TASK = {"task_id": "task_1", "task_type": "api_namespaces_create", "status": "PROCESSING"}
WEBHOOK = {"webhook_id": "wh_0123456789abcdef", "webhook_name": "w", "event_types": ["x"], "channels": []}
NAMESPACE = {"namespace_id": "ns_1", "namespace_name": "films"}
STAGE = {
    "stage_name": "s",
    "stage_type": "filter",
    "config": {"stage_id": "feature_search", "parameters": {}},
}
CHANNEL = {"channel": "webhook", "configs": {"url": "https://example.invalid/hook"}}


@dataclass(frozen=True)
class Case:
    call: Callable[[Mixpeek], Any]
    method: str
    path: str
    response: Any = None
    returns: Optional[str] = None  # name of the model in mixpeek.models the result must be
    body: Optional[dict[str, Any]] = None  # expected body (subset of top-level keys)
    query: dict[str, list[str]] = field(default_factory=dict)
    namespace: Optional[str] = NS  # expected X-Namespace (None: not checked)


CASES: dict[str, Case] = {
    # namespaces ------------------------------------------------------------------------------------------
    "namespaces.create managed": Case(
        lambda mp: mp.namespaces.create(namespace_name="films", description="d"),
        "POST",
        "/v1/namespaces",
        NAMESPACE,
        "NamespaceModel",
        {"namespace_name": "films", "mode": "managed"},
        namespace=None,
    ),
    "namespaces.create standalone (inferred)": Case(
        lambda mp: mp.namespaces.create("vecs", vector_configs=[{"name": "v", "dimension": 3}]),
        "POST",
        "/v1/namespaces/standalone",
        {"namespace_id": "vecs", "mode": "standalone"},
        "StandaloneNamespaceResponseModel",
        {"namespace_id": "vecs", "vector_configs": [{"name": "v", "dimension": 3}]},
        namespace="vecs",
    ),
    "namespaces.create standalone (explicit)": Case(
        lambda mp: mp.namespaces.create(namespace_id="vecs", mode="standalone"),
        "POST",
        "/v1/namespaces/standalone",
        {"namespace_id": "vecs"},
        "StandaloneNamespaceResponseModel",
        {"namespace_id": "vecs"},
        namespace="vecs",
    ),
    "namespaces.get": Case(
        lambda mp: mp.namespaces.get("ns_1"),
        "GET",
        "/v1/namespaces/ns_1",
        NAMESPACE,
        "NamespaceModel",
        namespace=None,
    ),
    "namespaces.update": Case(
        lambda mp: mp.namespaces.update("ns_1", description="new"),
        "PATCH",
        "/v1/namespaces/ns_1",
        NAMESPACE,
        "NamespaceModel",
        {"description": "new"},
        namespace=None,
    ),
    "namespaces.delete": Case(
        lambda mp: mp.namespaces.delete("ns_1", force=True),
        "DELETE",
        "/v1/namespaces/ns_1",
        {"ok": True},
        query={"force": ["true"]},
        namespace=None,
    ),
    "namespaces.clone": Case(
        lambda mp: mp.namespaces.clone("ns_1", "films-copy", mode="branch"),
        "POST",
        "/v1/namespaces/ns_1/clone",
        {"namespace": NAMESPACE, "source_namespace_id": "ns_1"},
        "CloneNamespaceResponse",
        {"namespace_name": "films-copy", "mode": "branch"},
        namespace=None,
    ),
    "namespaces.promote": Case(
        lambda mp: mp.namespaces.promote(
            "vecs", vector_mappings=[{"existing_index": "v", "inference_service": "intfloat/e5"}]
        ),
        "POST",
        "/v1/namespaces/vecs/promote",
        {"namespace_id": "vecs", "previous_mode": "standalone", "mode": "managed", "status": "active"},
        "PromoteNamespaceResponseModel",
        {"vector_mappings": [{"existing_index": "v", "inference_service": "intfloat/e5"}]},
        namespace="vecs",
    ),
    "namespaces.validate_promotion": Case(
        lambda mp: mp.namespaces.validate_promotion("vecs", add_vectors=[{"name": "w", "dimension": 4}]),
        "POST",
        "/v1/namespaces/vecs/promote/validate",
        {"namespace_id": "vecs", "current_mode": "standalone", "valid": True, "required_user_action": "none"},
        "PromoteValidateResponseModel",
        {"add_vectors": [{"name": "w", "dimension": 4}]},
        namespace="vecs",
    ),
    "namespaces.documents.get": Case(
        lambda mp: mp.namespaces.documents.get("vecs", "doc-1", return_vectors=True),
        "GET",
        "/v1/namespaces/vecs/documents/doc-1",
        {"document_id": "doc-1"},
        query={"return_vectors": ["true"]},
        namespace="vecs",
    ),
    "namespaces.documents.delete": Case(
        lambda mp: mp.namespaces.documents.delete("vecs", "doc-1", collection_id="col_1"),
        "DELETE",
        "/v1/collections/col_1/documents/doc-1",
        {"success": True},
        "GenericDeleteResponse",
        namespace="vecs",
    ),
    # collections -----------------------------------------------------------------------------------------
    "collections.create": Case(
        lambda mp: mp.collections.create(
            "films", {"type": "bucket", "bucket_ids": ["bkt_1"]}, description="d"
        ),
        "POST",
        "/v1/collections",
        COLLECTION,
        "CollectionResponse",
        {"collection_name": "films", "description": "d"},
    ),
    "collections.get": Case(
        lambda mp: mp.collections.get("films"),
        "GET",
        "/v1/collections/films",
        COLLECTION,
        "CollectionResponse",
    ),
    "collections.update": Case(
        lambda mp: mp.collections.update("films", description="new"),
        "PATCH",
        "/v1/collections/films",
        COLLECTION,
        "CollectionResponse",
        {"description": "new"},
    ),
    "collections.delete": Case(
        lambda mp: mp.collections.delete("films", namespace="other"),
        "DELETE",
        "/v1/collections/films",
        {"ok": True},
        namespace="other",
    ),
    "collections.clone": Case(
        lambda mp: mp.collections.clone("films", "films-2"),
        "POST",
        "/v1/collections/films/clone",
        {"collection_id": "col_2"},
        "CloneCollectionResponse",
        {"collection_name": "films-2"},
    ),
    "collections.features": Case(
        lambda mp: mp.collections.features("films"),
        "GET",
        "/v1/collections/films/features",
        {"features": []},
        "DescribeCollectionFeaturesResponse",
    ),
    # documents -------------------------------------------------------------------------------------------
    "documents.create": Case(
        lambda mp: mp.documents.create("col_1", metadata={"title": "t"}),
        "POST",
        "/v1/collections/col_1/documents",
        DOCUMENT,
        "DocumentResponse",
        {"metadata": {"title": "t"}},
    ),
    "documents.get": Case(
        lambda mp: mp.documents.get("col_1", "doc_1", return_vectors=True),
        "GET",
        "/v1/collections/col_1/documents/doc_1",
        DOCUMENT,
        "DocumentResponse",
        query={"return_vectors": ["true"]},
    ),
    "documents.update": Case(
        lambda mp: mp.documents.update("col_1", "doc_1", metadata={"title": "u"}),
        "PATCH",
        "/v1/collections/col_1/documents/doc_1",
        DOCUMENT,
        "DocumentResponse",
        {"metadata": {"title": "u"}},
    ),
    "documents.delete": Case(
        lambda mp: mp.documents.delete("col_1", "doc_1"),
        "DELETE",
        "/v1/collections/col_1/documents/doc_1",
        {"success": True},
        "GenericDeleteResponse",
    ),
    "documents.batch_get": Case(
        lambda mp: mp.documents.batch_get(["doc_1", "doc_2"]),
        "POST",
        "/v1/documents/batch-get",
        {"results": []},
        "BatchGetDocumentsResponse",
        {"document_ids": ["doc_1", "doc_2"]},
    ),
    # buckets ---------------------------------------------------------------------------------------------
    "buckets.create": Case(
        lambda mp: mp.buckets.create("raw", {"properties": {"content": {"type": "text"}}}),
        "POST",
        "/v1/buckets",
        BUCKET,
        "BucketResponse",
        {"bucket_name": "raw"},
    ),
    "buckets.get": Case(lambda mp: mp.buckets.get("raw"), "GET", "/v1/buckets/raw", BUCKET, "BucketResponse"),
    "buckets.update": Case(
        lambda mp: mp.buckets.update("raw", description="d"),
        "PATCH",
        "/v1/buckets/raw",
        BUCKET,
        "BucketResponse",
        {"description": "d"},
    ),
    "buckets.delete": Case(lambda mp: mp.buckets.delete("raw"), "DELETE", "/v1/buckets/raw", {"ok": True}),
    "buckets.objects.create": Case(
        lambda mp: mp.buckets.objects.create(
            "raw", key_prefix="/a", blobs=[{"property": "content", "type": "text", "data": "hi"}]
        ),
        "POST",
        "/v1/buckets/raw/objects",
        OBJECT,
        "ObjectResponse",
        {"key_prefix": "/a"},
    ),
    "buckets.objects.get": Case(
        lambda mp: mp.buckets.objects.get("raw", "obj_1"),
        "GET",
        "/v1/buckets/raw/objects/obj_1",
        OBJECT,
        "ObjectResponse",
    ),
    "buckets.objects.update": Case(
        lambda mp: mp.buckets.objects.update("raw", "obj_1", key_prefix="/b"),
        "PATCH",
        "/v1/buckets/raw/objects/obj_1",
        OBJECT,
        "ObjectResponse",
        {"key_prefix": "/b"},
    ),
    "buckets.objects.delete": Case(
        lambda mp: mp.buckets.objects.delete("raw", "obj_1"), "DELETE", "/v1/buckets/raw/objects/obj_1", None
    ),
    "buckets.uploads.create": Case(
        lambda mp: mp.buckets.uploads.create("raw", "a.txt", "text/plain"),
        "POST",
        "/v1/buckets/raw/uploads",
        UPLOAD,
        "UploadResponse",
        {"filename": "a.txt", "content_type": "text/plain"},
    ),
    "buckets.uploads.confirm": Case(
        lambda mp: mp.buckets.uploads.confirm("raw", "upl_1", etag="e1"),
        "POST",
        "/v1/buckets/raw/uploads/upl_1/confirm",
        {"upload_id": "upl_1"},
        "ConfirmUploadResponse",
        {"etag": "e1"},
    ),
    "buckets.uploads.get": Case(
        lambda mp: mp.buckets.uploads.get("raw", "upl_1"), "GET", "/v1/buckets/raw/uploads/upl_1", UPLOAD
    ),
    "buckets.uploads.delete": Case(
        lambda mp: mp.buckets.uploads.delete("raw", "upl_1", delete_s3_object=True),
        "DELETE",
        "/v1/buckets/raw/uploads/upl_1",
        None,
        query={"delete_s3_object": ["true"]},
    ),
    # retrievers ------------------------------------------------------------------------------------------
    "retrievers.create": Case(
        lambda mp: mp.retrievers.create("r", [STAGE], input_schema={"q": {"type": "text"}}),
        "POST",
        "/v1/retrievers",
        RETRIEVER,
        "RetrieverConfig",
        {"retriever_name": "r", "stages": [STAGE], "input_schema": {"q": {"type": "text"}}},
    ),
    "retrievers.get": Case(
        lambda mp: mp.retrievers.get("ret_1"),
        "GET",
        "/v1/retrievers/ret_1",
        RETRIEVER,
        "RetrieverModelOutput",
    ),
    "retrievers.update": Case(
        lambda mp: mp.retrievers.update("ret_1", description="d"),
        "PATCH",
        "/v1/retrievers/ret_1",
        {"retriever_id": "ret_1"},
        "PatchRetrieverResponse",
        {"description": "d"},
    ),
    "retrievers.delete": Case(lambda mp: mp.retrievers.delete("ret_1"), "DELETE", "/v1/retrievers/ret_1", {}),
    "retrievers.execute": Case(
        lambda mp: mp.retrievers.execute("ret_1", {"q": "cats"}, limit=5),
        "POST",
        "/v1/retrievers/ret_1/execute",
        {"execution_id": "e1", "status": "completed", "documents": []},
        "ExecuteRetrieverResponse",
        {"inputs": {"q": "cats"}, "limit": 5},
    ),
    "retrievers.execute_batch": Case(
        lambda mp: mp.retrievers.execute_batch("ret_1", [{"inputs": {"q": "a"}}, {"inputs": {"q": "b"}}]),
        "POST",
        "/v1/retrievers/ret_1/execute/batch",
        {"results": []},
        None,
        {"queries": [{"inputs": {"q": "a"}}, {"inputs": {"q": "b"}}]},
    ),
    # taxonomies ------------------------------------------------------------------------------------------
    "taxonomies.create": Case(
        lambda mp: mp.taxonomies.create("genres", FLAT_CONFIG),
        "POST",
        "/v1/taxonomies",
        TAXONOMY,
        "TaxonomyResponse",
        {"taxonomy_name": "genres", "config": FLAT_CONFIG},
    ),
    "taxonomies.get": Case(
        lambda mp: mp.taxonomies.get("genres", version=2),
        "GET",
        "/v1/taxonomies/genres",
        TAXONOMY,
        "TaxonomyResponse",
        query={"version": ["2"]},
    ),
    "taxonomies.update": Case(
        lambda mp: mp.taxonomies.update("genres", description="d"),
        "PATCH",
        "/v1/taxonomies/genres",
        TAXONOMY,
        "TaxonomyResponse",
        {"description": "d"},
    ),
    "taxonomies.delete": Case(
        lambda mp: mp.taxonomies.delete("genres"), "DELETE", "/v1/taxonomies/genres", {}
    ),
    # tasks -----------------------------------------------------------------------------------------------
    "tasks.get": Case(lambda mp: mp.tasks.get("task_1"), "GET", "/v1/tasks/task_1", TASK, "TaskResponse"),
    "tasks.kill": Case(
        lambda mp: mp.tasks.kill("task_1"),
        "DELETE",
        "/v1/tasks/task_1",
        {"success": True},
        "GenericDeleteResponse",
    ),
    # webhooks --------------------------------------------------------------------------------------------
    "webhooks.create": Case(
        lambda mp: mp.webhooks.create("w", ["object.created"], [CHANNEL]),
        "POST",
        "/v1/organizations/webhooks",
        WEBHOOK,
        "WebhookOutput",
        {"webhook_name": "w", "event_types": ["object.created"]},
        namespace=None,
    ),
    "webhooks.get": Case(
        lambda mp: mp.webhooks.get("wh_0123456789abcdef"),
        "GET",
        "/v1/organizations/webhooks/wh_0123456789abcdef",
        WEBHOOK,
        "WebhookOutput",
        namespace=None,
    ),
    "webhooks.update": Case(
        lambda mp: mp.webhooks.update("wh_0123456789abcdef", "w2", ["object.created"], [CHANNEL]),
        "PUT",
        "/v1/organizations/webhooks/wh_0123456789abcdef",
        WEBHOOK,
        "WebhookOutput",
        {"webhook_name": "w2"},
        namespace=None,
    ),
    "webhooks.delete": Case(
        lambda mp: mp.webhooks.delete("wh_0123456789abcdef"),
        "DELETE",
        "/v1/organizations/webhooks/wh_0123456789abcdef",
        None,
        namespace=None,
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_resource_method_sends_the_request_and_returns_the_typed_model(
    case: Case, mp: Mixpeek, recording_server: RecordingServer
) -> None:
    if case.response is None:
        recording_server.respond(204, None)
    else:
        recording_server.respond(200, case.response)

    result = case.call(mp)

    assert len(recording_server.requests) == 1
    request = recording_server.last_request
    assert (request.method, request.raw_path) == (case.method, case.path)
    assert request.headers["Authorization"] == "Bearer sk_test_key"
    if case.namespace is not None:
        assert request.headers["X-Namespace"] == case.namespace
    for name, values in case.query.items():
        assert request.query.get(name) == values
    if case.body is not None:
        sent = request.json()
        assert {name: sent.get(name) for name in case.body} == case.body
    if case.returns is not None:
        assert isinstance(result, getattr(models, case.returns))
    if isinstance(case.response, dict) and case.returns is not None:
        for name, value in case.response.items():
            if not isinstance(value, (list, dict)):
                assert result[name] == value


def test_unknown_keyword_is_refused_before_sending(mp: Mixpeek, recording_server: RecordingServer) -> None:
    with pytest.raises(ApiTypeError, match="retriever_nmae"):
        mp.retrievers.create("r", [STAGE], retriever_nmae="typo")
    assert recording_server.requests == []


def test_open_schemas_take_extra_keywords_through_to_the_body(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    """`CreateObjectRequest` admits additional properties (`__open_schema__`): an extra keyword is sent."""
    assert models.CreateObjectRequest.__open_schema__ and not models.CreateRetrieverRequest.__open_schema__
    recording_server.respond(200, OBJECT)
    mp.buckets.objects.create("raw", blobs=[], custom_key="kept")
    assert recording_server.last_request.json()["custom_key"] == "kept"


def test_missing_required_field_is_refused_before_sending(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiValueError, match="namespace_name"):
        mp.namespaces.create(description="managed namespaces need a name")
    assert recording_server.requests == []
