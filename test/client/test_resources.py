"""Every resource method: the request it sends (method, path, query, headers, body) and its result.

Each case calls one high-level method, in the published client's call form where it has one, against the
recording server and checks the one request it made and that the result is the response's JSON as a
`Record` dict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pytest

from mixpeek import models
from mixpeek._runtime.record import Record
from mixpeek.client import Mixpeek
from mixpeek.client.stages import feature_search_stage
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
STAGE = feature_search_stage(stage_name="s")
EXTRACTOR = {"feature_extractor_name": "x", "version": "v1"}
CHANNEL = {"channel": "webhook", "configs": {"url": "https://example.invalid/hook"}}


@dataclass(frozen=True)
class Case:
    call: Callable[[Mixpeek], Any]
    method: str
    path: str
    response: Any = None
    body: Optional[dict[str, Any]] = None  # expected body (subset of top-level keys); {} = no body sent
    query: dict[str, list[str]] = field(default_factory=dict)
    namespace: Optional[str] = NS  # expected X-Namespace (None: not checked)


EXECUTED = {
    "execution_id": "e1",
    "status": "completed",
    "documents": [{"document_id": "doc_1", "score": 0.5}],
}
OK = {"success": True}

CASES: dict[str, Case] = {
    # namespaces ------------------------------------------------------------------------------------------
    "namespaces.list": Case(
        lambda mp: mp.namespaces.list(), "GET", "/v1/namespaces", {"results": [NAMESPACE]}
    ),
    "namespaces.create managed (namespace_name)": Case(
        lambda mp: mp.namespaces.create(namespace_name="films", description="d"),
        "POST",
        "/v1/namespaces",
        NAMESPACE,
        {"namespace_name": "films", "description": "d"},
    ),
    "namespaces.create managed (name=, feature_extractors=)": Case(
        lambda mp: mp.namespaces.create(name="films", feature_extractors=[EXTRACTOR]),
        "POST",
        "/v1/namespaces",
        NAMESPACE,
        {"namespace_name": "films", "feature_extractors": [EXTRACTOR]},
    ),
    "namespaces.create standalone (inferred)": Case(
        lambda mp: mp.namespaces.create(namespace_id="vecs", vector_configs=[{"name": "v", "dimension": 3}]),
        "POST",
        "/v1/namespaces/standalone",
        {"namespace_id": "vecs", "mode": "standalone"},
        {"namespace_id": "vecs", "vector_configs": [{"name": "v", "dimension": 3}], "namespace_name": None},
        namespace="vecs",
    ),
    "namespaces.create standalone (explicit)": Case(
        lambda mp: mp.namespaces.create(namespace_id="vecs", mode="standalone"),
        "POST",
        "/v1/namespaces/standalone",
        {"namespace_id": "vecs"},
        {"namespace_id": "vecs"},
        namespace="vecs",
    ),
    "namespaces.get": Case(lambda mp: mp.namespaces.get("ns_1"), "GET", "/v1/namespaces/ns_1", NAMESPACE),
    "namespaces.update": Case(
        lambda mp: mp.namespaces.update("ns_1", description="new"),
        "PATCH",
        "/v1/namespaces/ns_1",
        NAMESPACE,
        {"description": "new"},
    ),
    "namespaces.delete": Case(
        lambda mp: mp.namespaces.delete("ns_1", force=True),
        "DELETE",
        "/v1/namespaces/ns_1",
        OK,
        query={"force": ["true"]},
    ),
    "namespaces.clone (namespace_name=)": Case(
        lambda mp: mp.namespaces.clone("ns_1", namespace_name="films-copy", mode="branch"),
        "POST",
        "/v1/namespaces/ns_1/clone",
        {"namespace": NAMESPACE, "source_namespace_id": "ns_1"},
        {"namespace_name": "films-copy", "mode": "branch"},
    ),
    "namespaces.clone (body)": Case(
        lambda mp: mp.namespaces.clone(
            "ns_1", {"namespace_name": "copy", "include_resources": {"retrievers": True}}
        ),
        "POST",
        "/v1/namespaces/ns_1/clone",
        {"task_id": "t"},
        {"namespace_name": "copy", "include_resources": {"retrievers": True}},
    ),
    "namespaces.promote": Case(
        lambda mp: mp.namespaces.promote(
            "vecs", vector_mappings=[{"existing_index": "v", "inference_service": "intfloat/e5"}]
        ),
        "POST",
        "/v1/namespaces/vecs/promote",
        {"namespace_id": "vecs", "previous_mode": "standalone", "mode": "managed", "status": "active"},
        {"vector_mappings": [{"existing_index": "v", "inference_service": "intfloat/e5"}]},
        namespace="vecs",
    ),
    "namespaces.validate_promotion": Case(
        lambda mp: mp.namespaces.validate_promotion("vecs", add_vectors=[{"name": "w", "dimension": 4}]),
        "POST",
        "/v1/namespaces/vecs/promote/validate",
        {"namespace_id": "vecs", "current_mode": "standalone", "valid": True, "required_user_action": "none"},
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
        OK,
        namespace="vecs",
    ),
    # collections -----------------------------------------------------------------------------------------
    "collections.list": Case(
        lambda mp: mp.collections.list(), "POST", "/v1/collections/list", {"results": [COLLECTION]}, {}
    ),
    "collections.create (keywords)": Case(
        lambda mp: mp.collections.create(
            collection_name="films", source={"type": "bucket", "bucket_ids": ["bkt_1"]}, description="d"
        ),
        "POST",
        "/v1/collections",
        COLLECTION,
        {"collection_name": "films", "description": "d"},
    ),
    "collections.create (name=, positional source)": Case(
        lambda mp: mp.collections.create(None, {"type": "bucket", "bucket_ids": ["bkt_1"]}, name="films"),
        "POST",
        "/v1/collections",
        COLLECTION,
        {"collection_name": "films", "source": {"type": "bucket", "bucket_ids": ["bkt_1"]}},
    ),
    "collections.get": Case(
        lambda mp: mp.collections.get("films"), "GET", "/v1/collections/films", COLLECTION
    ),
    "collections.update (dict)": Case(
        lambda mp: mp.collections.update("films", {"description": "new"}),
        "PATCH",
        "/v1/collections/films",
        COLLECTION,
        {"description": "new"},
    ),
    "collections.update (updates= and keywords)": Case(
        lambda mp: mp.collections.update("films", updates={"metadata": {"t": 1}}, description="new"),
        "PATCH",
        "/v1/collections/films",
        COLLECTION,
        {"metadata": {"t": 1}, "description": "new"},
    ),
    "collections.delete (namespace=)": Case(
        lambda mp: mp.collections.delete("films", namespace="other"),
        "DELETE",
        "/v1/collections/films",
        OK,
        namespace="other",
    ),
    "collections.trigger": Case(
        lambda mp: mp.collections.trigger("films"),
        "POST",
        "/v1/collections/films/trigger",
        {"batch_id": "b1", "task_id": "t1"},
        {},
    ),
    "collections.trigger (fields)": Case(
        lambda mp: mp.collections.trigger("films", object_ids=["obj_1"]),
        "POST",
        "/v1/collections/films/trigger",
        {"batch_id": "b1"},
        {"object_ids": ["obj_1"]},
    ),
    "collections.clone (collection_name=)": Case(
        lambda mp: mp.collections.clone("films", collection_name="films-2"),
        "POST",
        "/v1/collections/films/clone",
        {"collection_id": "col_2"},
        {"collection_name": "films-2"},
    ),
    "collections.clone (body)": Case(
        lambda mp: mp.collections.clone("films", {"collection_name": "films-2", "description": "d"}),
        "POST",
        "/v1/collections/films/clone",
        {"collection_id": "col_2"},
        {"collection_name": "films-2", "description": "d"},
    ),
    "collections.features": Case(
        lambda mp: mp.collections.features("films"), "GET", "/v1/collections/films/features", {"features": []}
    ),
    # documents -------------------------------------------------------------------------------------------
    "documents.list": Case(
        lambda mp: mp.documents.list("col_1", cursor="c2"),
        "POST",
        "/v1/collections/col_1/documents/list",
        {"results": [DOCUMENT]},
        {},
        query={"page_size": ["100"], "cursor": ["c2"]},
    ),
    "documents.list (filters)": Case(
        lambda mp: mp.documents.list("col_1", page_size=5, filters={"AND": []}),
        "POST",
        "/v1/collections/col_1/documents/list",
        {"results": []},
        {"filters": {"AND": []}},
        query={"page_size": ["5"]},
    ),
    "documents.create": Case(
        lambda mp: mp.documents.create("col_1", metadata={"title": "t"}),
        "POST",
        "/v1/collections/col_1/documents",
        DOCUMENT,
        {"metadata": {"title": "t"}},
    ),
    "documents.get": Case(
        lambda mp: mp.documents.get("col_1", "doc_1", return_vectors=True),
        "GET",
        "/v1/collections/col_1/documents/doc_1",
        DOCUMENT,
        query={"return_vectors": ["true"]},
    ),
    "documents.update (update_data=)": Case(
        lambda mp: mp.documents.update("col_1", "doc_1", update_data={"metadata": {"title": "u"}}),
        "PATCH",
        "/v1/collections/col_1/documents/doc_1",
        DOCUMENT,
        {"metadata": {"title": "u"}},
    ),
    "documents.delete": Case(
        lambda mp: mp.documents.delete("col_1", "doc_1"),
        "DELETE",
        "/v1/collections/col_1/documents/doc_1",
        OK,
    ),
    "documents.batch_update": Case(
        lambda mp: mp.documents.batch_update(
            "col_1", updates=[{"document_id": "doc_1", "update_data": {"a": 1}}]
        ),
        "POST",
        "/v1/collections/col_1/documents/batch",
        {"updated_count": 1},
        {"updates": [{"document_id": "doc_1", "update_data": {"a": 1}}]},
    ),
    "documents.search (nearest: features/search)": Case(
        lambda mp: mp.documents.search(collection_ids=["col_1"], query="cats"),
        "POST",
        "/v1/features/search",
        {"results": []},
        {"collection_identifiers": ["col_1"], "query": {"input_mode": "text", "text": "cats"}, "top_k": 10},
    ),
    "documents.batch_get": Case(
        lambda mp: mp.documents.batch_get(["doc_1", "doc_2"]),
        "POST",
        "/v1/documents/batch-get",
        {"results": []},
        {"document_ids": ["doc_1", "doc_2"]},
    ),
    # buckets ---------------------------------------------------------------------------------------------
    "buckets.list": Case(lambda mp: mp.buckets.list(), "POST", "/v1/buckets/list", {"results": [BUCKET]}, {}),
    "buckets.create (keywords)": Case(
        lambda mp: mp.buckets.create(
            bucket_name="raw", bucket_schema={"properties": {"c": {"type": "text"}}}
        ),
        "POST",
        "/v1/buckets",
        BUCKET,
        {"bucket_name": "raw", "bucket_schema": {"properties": {"c": {"type": "text"}}}},
    ),
    "buckets.create (name=)": Case(
        lambda mp: mp.buckets.create(name="raw", bucket_schema={"properties": {}}),
        "POST",
        "/v1/buckets",
        BUCKET,
        {"bucket_name": "raw"},
    ),
    "buckets.get": Case(lambda mp: mp.buckets.get("raw"), "GET", "/v1/buckets/raw", BUCKET),
    "buckets.update": Case(
        lambda mp: mp.buckets.update("raw", description="d"),
        "PATCH",
        "/v1/buckets/raw",
        BUCKET,
        {"description": "d"},
    ),
    "buckets.delete": Case(lambda mp: mp.buckets.delete("raw"), "DELETE", "/v1/buckets/raw", OK),
    "buckets.upload (blobs= as given)": Case(
        lambda mp: mp.buckets.upload(
            "raw", blobs=[{"property": "c", "type": "text", "data": "hi"}], key_prefix="/a"
        ),
        "POST",
        "/v1/buckets/raw/objects",
        OBJECT,
        {"blobs": [{"property": "c", "type": "text", "data": "hi"}], "key_prefix": "/a"},
    ),
    "buckets.upload (property and extension: no bucket read)": Case(
        lambda mp: mp.buckets.upload(
            "raw", url="s3://b/clip.MP4?x=1", blob_property="video", metadata={"t": 1}
        ),
        "POST",
        "/v1/buckets/raw/objects",
        OBJECT,
        {
            "blobs": [{"property": "video", "type": "video", "data": "s3://b/clip.MP4?x=1"}],
            "metadata": {"t": 1},
        },
    ),
    "buckets.list_objects": Case(
        lambda mp: mp.buckets.list_objects("raw", cursor="c2"),
        "POST",
        "/v1/buckets/raw/objects/list",
        {"results": [OBJECT]},
        {},
        query={"page_size": ["100"], "cursor": ["c2"]},
    ),
    "buckets.objects.list": Case(
        lambda mp: mp.buckets.objects.list("raw"), "POST", "/v1/buckets/raw/objects/list", {"results": []}, {}
    ),
    "buckets.objects.create": Case(
        lambda mp: mp.buckets.objects.create(
            "raw", key_prefix="/a", blobs=[{"property": "content", "type": "text", "data": "hi"}]
        ),
        "POST",
        "/v1/buckets/raw/objects",
        OBJECT,
        {"key_prefix": "/a"},
    ),
    "buckets.objects.get": Case(
        lambda mp: mp.buckets.objects.get("raw", "obj_1"), "GET", "/v1/buckets/raw/objects/obj_1", OBJECT
    ),
    "buckets.objects.update": Case(
        lambda mp: mp.buckets.objects.update("raw", "obj_1", key_prefix="/b"),
        "PATCH",
        "/v1/buckets/raw/objects/obj_1",
        OBJECT,
        {"key_prefix": "/b"},
    ),
    "buckets.objects.delete": Case(
        lambda mp: mp.buckets.objects.delete("raw", "obj_1"), "DELETE", "/v1/buckets/raw/objects/obj_1", None
    ),
    "buckets.uploads.create": Case(
        lambda mp: mp.buckets.uploads.create("raw", "a.mp4", "video/mp4"),
        "POST",
        "/v1/buckets/raw/uploads",
        UPLOAD,
        {"filename": "a.mp4", "content_type": "video/mp4"},
    ),
    "buckets.uploads.confirm": Case(
        lambda mp: mp.buckets.uploads.confirm("raw", "upl_1", etag="e1"),
        "POST",
        "/v1/buckets/raw/uploads/upl_1/confirm",
        {"upload_id": "upl_1"},
        {"etag": "e1"},
    ),
    "buckets.uploads.list": Case(
        lambda mp: mp.buckets.uploads.list("raw"), "POST", "/v1/buckets/raw/uploads/list", {"results": []}, {}
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
    # batches ---------------------------------------------------------------------------------------------
    "batches.get": Case(
        lambda mp: mp.batches.get("raw", "bat_1"),
        "GET",
        "/v1/buckets/raw/batches/bat_1",
        {"batch_id": "bat_1"},
    ),
    "batches.audit": Case(
        lambda mp: mp.batches.audit("raw", "bat_1"),
        "GET",
        "/v1/buckets/raw/batches/bat_1/audit",
        {"all_balanced": True, "has_lost_objects": False},
    ),
    "batches.failed_documents": Case(
        lambda mp: mp.batches.failed_documents("raw", "bat_1", tier_num=1, limit=5),
        "GET",
        "/v1/buckets/raw/batches/bat_1/failed-documents",
        {"documents": []},
        query={"tier_num": ["1"], "limit": ["5"]},
    ),
    # retrievers ------------------------------------------------------------------------------------------
    "retrievers.list": Case(
        lambda mp: mp.retrievers.list(), "POST", "/v1/retrievers/list", {"results": [RETRIEVER]}, {}
    ),
    "retrievers.create (keywords)": Case(
        lambda mp: mp.retrievers.create(
            retriever_name="r", stages=[STAGE], input_schema={"q": {"type": "text"}}
        ),
        "POST",
        "/v1/retrievers",
        RETRIEVER,
        {"retriever_name": "r", "stages": [STAGE], "input_schema": {"q": {"type": "text"}}},
    ),
    "retrievers.create (name=)": Case(
        lambda mp: mp.retrievers.create(name="r", stages=[STAGE]),
        "POST",
        "/v1/retrievers",
        RETRIEVER,
        {"retriever_name": "r", "stages": [STAGE]},
    ),
    "retrievers.get": Case(lambda mp: mp.retrievers.get("ret_1"), "GET", "/v1/retrievers/ret_1", RETRIEVER),
    "retrievers.update": Case(
        lambda mp: mp.retrievers.update("ret_1", stages=[STAGE], description="d"),
        "PATCH",
        "/v1/retrievers/ret_1",
        {"retriever_id": "ret_1"},
        {"description": "d", "stages": [STAGE]},
    ),
    "retrievers.delete": Case(lambda mp: mp.retrievers.delete("ret_1"), "DELETE", "/v1/retrievers/ret_1", {}),
    "retrievers.execute": Case(
        lambda mp: mp.retrievers.execute("ret_1", inputs={"q": "cats"}, limit=5),
        "POST",
        "/v1/retrievers/ret_1/execute",
        EXECUTED,
        {"inputs": {"q": "cats"}, "limit": 5},
    ),
    "retrievers.run": Case(
        lambda mp: mp.retrievers.run("ret_1", inputs={"q": "cats"}),
        "POST",
        "/v1/retrievers/ret_1/execute",
        EXECUTED,
        {"inputs": {"q": "cats"}},
    ),
    "retrievers.execute_batch (bare inputs wrapped)": Case(
        lambda mp: mp.retrievers.execute_batch(
            "ret_1", queries=[{"q": "a"}, {"inputs": {"q": "b"}}], concurrency=2
        ),
        "POST",
        "/v1/retrievers/ret_1/execute/batch",
        {"results": []},
        {"queries": [{"inputs": {"q": "a"}}, {"inputs": {"q": "b"}}], "concurrency": 2},
    ),
    "retrievers.clone (retriever_name=)": Case(
        lambda mp: mp.retrievers.clone("ret_1", retriever_name="variant"),
        "POST",
        "/v1/retrievers/ret_1/clone",
        {"retriever_id": "ret_2"},
        {"retriever_name": "variant"},
    ),
    "retrievers.clone (body)": Case(
        lambda mp: mp.retrievers.clone("ret_1", {"retriever_name": "variant", "stages": [STAGE]}),
        "POST",
        "/v1/retrievers/ret_1/clone",
        {"retriever_id": "ret_2"},
        {"retriever_name": "variant", "stages": [STAGE]},
    ),
    "retrievers.publish": Case(
        lambda mp: mp.retrievers.publish("ret_1", public_name="cats"),
        "POST",
        "/v1/retrievers/ret_1/publish",
        {"public_name": "cats"},
        {"public_name": "cats"},
    ),
    "retrievers.run_evaluation (dataset_id=)": Case(
        lambda mp: mp.retrievers.run_evaluation("ret_1", dataset_id="ds_1"),
        "POST",
        "/v1/retrievers/ret_1/evaluations",
        {"evaluation_id": "ev_1"},
        {"dataset_name": "ds_1"},
    ),
    "retrievers.create_interaction (document_id=)": Case(
        lambda mp: mp.retrievers.create_interaction(
            document_id="doc_1", interaction_type=["click"], user_id="u"
        ),
        "POST",
        "/v1/retrievers/interactions",
        {"interaction_id": "i1"},
        {"feature_id": "doc_1", "interaction_type": ["click"], "position": 0, "user_id": "u"},
    ),
    "retrievers.create_interaction_from_result": Case(
        lambda mp: mp.retrievers.create_interaction_from_result(
            {
                **EXECUTED,
                "retriever_id": "ret_1",
                "learned_fusion_context": {"feature_uris": ["mixpeek://f"]},
            },
            position=0,
        ),
        "POST",
        "/v1/retrievers/interactions",
        {"interaction_id": "i1"},
        {
            "feature_id": "doc_1",
            "interaction_type": ["click"],
            "retriever_id": "ret_1",
            "execution_id": "e1",
            "feature_uri": "mixpeek://f",
            "document_score": 0.5,
        },
    ),
    "retrievers.backfill_interactions": Case(
        lambda mp: mp.retrievers.backfill_interactions(
            [{"feature_id": "d", "interaction_type": ["click"], "position": 0, "retriever_id": "ret_1"}]
        ),
        "POST",
        "/v1/retrievers/interactions/batch",
        {"created": 1, "failed": 0},
        {
            "interactions": [
                {"feature_id": "d", "interaction_type": ["click"], "position": 0, "retriever_id": "ret_1"}
            ]
        },
    ),
    "retrievers.list_interactions": Case(
        lambda mp: mp.retrievers.list_interactions("ret_1", page=2),
        "POST",
        "/v1/retrievers/interactions/list",
        {"results": []},
        {"retriever_id": "ret_1"},
        query={"page": ["2"], "page_size": ["50"]},
    ),
    "retrievers.get_interaction": Case(
        lambda mp: mp.retrievers.get_interaction("i1"), "GET", "/v1/retrievers/interactions/i1", {"id": "i1"}
    ),
    "retrievers.delete_interaction": Case(
        lambda mp: mp.retrievers.delete_interaction("i1"), "DELETE", "/v1/retrievers/interactions/i1", OK
    ),
    # evaluations -----------------------------------------------------------------------------------------
    "evaluations.create_dataset": Case(
        lambda mp: mp.evaluations.create_dataset(
            dataset_name="gt",
            queries=[{"query_id": "q1", "query_input": {"q": "x"}, "relevant_documents": ["d"]}],
        ),
        "POST",
        "/v1/retrievers/evaluations/datasets",
        {"dataset_id": "ds_1"},
        {"dataset_name": "gt"},
    ),
    "evaluations.list_datasets": Case(
        lambda mp: mp.evaluations.list_datasets(),
        "GET",
        "/v1/retrievers/evaluations/datasets",
        {"datasets": []},
        query={"page": ["1"], "page_size": ["20"]},
    ),
    "evaluations.get_dataset": Case(
        lambda mp: mp.evaluations.get_dataset("gt"),
        "GET",
        "/v1/retrievers/evaluations/datasets/gt",
        {"dataset_id": "ds_1"},
    ),
    "evaluations.generate_from_interactions": Case(
        lambda mp: mp.evaluations.generate_from_interactions("ret_1", lookback_days=7),
        "POST",
        "/v1/retrievers/ret_1/evaluations/generate-from-interactions",
        {"dataset_id": "ds_2"},
        {"lookback_days": 7},
    ),
    "evaluations.run": Case(
        lambda mp: mp.evaluations.run("ret_1", dataset_name="gt", evaluation_config={"k_values": [5]}),
        "POST",
        "/v1/retrievers/ret_1/evaluations",
        {"evaluation_id": "ev_1"},
        {"dataset_name": "gt", "evaluation_config": {"k_values": [5]}},
    ),
    "evaluations.list": Case(
        lambda mp: mp.evaluations.list("ret_1"),
        "GET",
        "/v1/retrievers/ret_1/evaluations",
        {"evaluations": []},
    ),
    "evaluations.get": Case(
        lambda mp: mp.evaluations.get("ret_1", "ev_1"),
        "GET",
        "/v1/retrievers/ret_1/evaluations/ev_1",
        {"evaluation_id": "ev_1"},
    ),
    # taxonomies ------------------------------------------------------------------------------------------
    "taxonomies.list": Case(
        lambda mp: mp.taxonomies.list(), "POST", "/v1/taxonomies/list", {"results": []}, {}
    ),
    "taxonomies.create": Case(
        lambda mp: mp.taxonomies.create("genres", FLAT_CONFIG),
        "POST",
        "/v1/taxonomies",
        TAXONOMY,
        {"taxonomy_name": "genres", "config": FLAT_CONFIG},
    ),
    "taxonomies.get": Case(
        lambda mp: mp.taxonomies.get("genres", version=2),
        "GET",
        "/v1/taxonomies/genres",
        TAXONOMY,
        query={"version": ["2"]},
    ),
    "taxonomies.update": Case(
        lambda mp: mp.taxonomies.update("genres", description="d"),
        "PATCH",
        "/v1/taxonomies/genres",
        TAXONOMY,
        {"description": "d"},
    ),
    "taxonomies.delete": Case(
        lambda mp: mp.taxonomies.delete("genres"), "DELETE", "/v1/taxonomies/genres", {}
    ),
    # tasks -----------------------------------------------------------------------------------------------
    "tasks.get": Case(lambda mp: mp.tasks.get("task_1"), "GET", "/v1/tasks/task_1", TASK),
    "tasks.list": Case(lambda mp: mp.tasks.list(), "POST", "/v1/tasks/list", {"results": [TASK]}, {}),
    "tasks.list (filters)": Case(
        lambda mp: mp.tasks.list(status="PROCESSING"),
        "POST",
        "/v1/tasks/list",
        {"results": []},
        {"status": "PROCESSING"},
    ),
    "tasks.delete": Case(lambda mp: mp.tasks.delete("task_1"), "DELETE", "/v1/tasks/task_1", OK),
    "tasks.kill": Case(lambda mp: mp.tasks.kill("task_1"), "DELETE", "/v1/tasks/task_1", OK),
    # webhooks --------------------------------------------------------------------------------------------
    "webhooks.list": Case(
        lambda mp: mp.webhooks.list(),
        "POST",
        "/v1/organizations/webhooks/list",
        {"results": []},
        {},
        namespace=None,
    ),
    "webhooks.create": Case(
        lambda mp: mp.webhooks.create("w", ["object.created"], [CHANNEL]),
        "POST",
        "/v1/organizations/webhooks",
        WEBHOOK,
        {"webhook_name": "w", "event_types": ["object.created"]},
        namespace=None,
    ),
    "webhooks.get": Case(
        lambda mp: mp.webhooks.get("wh_0123456789abcdef"),
        "GET",
        "/v1/organizations/webhooks/wh_0123456789abcdef",
        WEBHOOK,
        namespace=None,
    ),
    "webhooks.update": Case(
        lambda mp: mp.webhooks.update("wh_0123456789abcdef", "w2", ["object.created"], [CHANNEL]),
        "PUT",
        "/v1/organizations/webhooks/wh_0123456789abcdef",
        WEBHOOK,
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
def test_resource_method_sends_the_request_and_returns_the_json_as_a_record(
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
    if case.body == {}:
        assert request.body == b""
    elif case.body is not None:
        sent = request.json()
        assert {name: sent.get(name) for name in case.body} == case.body
    assert result == case.response
    if isinstance(case.response, dict):
        assert isinstance(result, Record) and json.loads(json.dumps(result)) == case.response


def test_unknown_keyword_is_refused_before_sending(mp: Mixpeek, recording_server: RecordingServer) -> None:
    with pytest.raises(ApiTypeError, match="retriever_nmae.*its fields are: .*retriever_name"):
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
    with pytest.raises(ApiValueError, match="namespace_id"):
        mp.namespaces.create(mode="standalone", vector_configs=[{"name": "v", "dimension": 3}])
    assert recording_server.requests == []
