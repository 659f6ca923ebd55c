"""The canned response bodies and the routes that serve them, built deterministically with the stdlib.

The bodies are valid against both packages' response models (field names from the API's schemas:
``CollectionResponse``, ``ListCollectionsResponse``, ``ExecuteRetrieverResponse``), so neither side falls
back to a lenient path; the floors validate the very same bytes and would fail loudly if they were not.
"""

from __future__ import annotations

import json
import random
from typing import Any

#: Names the workloads and the routes share.
COLLECTION_ID = "col_bench00001"
RETRIEVER_ID = "ret_bench00001"
NAMESPACE_ID = "ns_bench"
VECTOR_NAME = "text_768"
DIMENSIONS = 768

GET_COLLECTION = ("GET", f"/v1/collections/{COLLECTION_ID}")
LIST_COLLECTIONS = ("POST", "/v1/collections/list")
EXECUTE_RETRIEVER = ("POST", f"/v1/retrievers/{RETRIEVER_ID}/execute")
UPSERT_DOCUMENTS = ("POST", f"/v1/namespaces/{NAMESPACE_ID}/documents/upsert")
#: Answered by the server itself: requests and body bytes received since the last look (see _canned_server).
STATS_PATH = "/_bench/stats"


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def collection(index: int) -> dict[str, Any]:
    """One ``CollectionResponse`` (about 1.3 KB as JSON), shaped like a real extractor-backed collection."""
    name = f"product_embeddings_{index:05d}"
    return {
        "collection_id": f"col_{index:010d}",
        "collection_name": name,
        "description": f"Product catalogue images and titles, shard {index}, embedded for multimodal search",
        "feature_extractor": {
            "feature_extractor_name": "multimodal_extractor",
            "version": "v1",
            "feature_extractor_id": "multimodal_extractor_v1",
            "params": {"split_method": "time", "time_split_interval": 10},
            "include_all_source_fields": False,
        },
        "source": {"type": "bucket", "bucket_ids": [f"bkt_{index:010d}"]},
        "input_schema": {
            "properties": {
                "image": {"type": "image", "required": True},
                "title": {"type": "string", "description": "Product title"},
            }
        },
        "vector_indexes": [
            {
                "name": "multimodal_extractor_v1_embedding",
                "feature_uri": "mixpeek://multimodal_extractor@v1/vertex_multimodal_embedding",
                "type": "single",
                "index": {"dimensions": 1408, "distance": "cosine", "datatype": "float32"},
            }
        ],
        "payload_indexes": [{"field_name": "category", "type": "keyword"}],
        "enabled": True,
        "metadata": {"team": "search", "environment": "production", "owner": f"user_{index % 17}"},
        "created_at": "2026-01-15T10:30:00Z",
        "updated_at": "2026-02-01T08:12:45.123456Z",
        "lifecycle_state": "active",
        "document_count": 1000 + index,
        "schema_version": 3,
        "schema_sync_enabled": True,
        "schema_validation": "off",
        "vector_count": 1000 + index,
        "taxonomy_count": 0,
        "retriever_count": 2,
        "indexing_status": "quiesced",
    }


def list_collections(count: int) -> dict[str, Any]:
    """A ``ListCollectionsResponse`` page of ``count`` collections."""
    return {
        "results": [collection(i) for i in range(count)],
        "pagination": {"total": count, "page": 1, "page_size": count, "total_pages": 1},
        "total_count": count,
    }


def vector(rng: random.Random, dimensions: int = DIMENSIONS) -> list[float]:
    """An embedding as the API sends it: floats with six decimals."""
    return [round(rng.uniform(-1.0, 1.0), 6) for _ in range(dimensions)]


def execute_retriever(count: int, seed: int = 7) -> dict[str, Any]:
    """An ``ExecuteRetrieverResponse`` of ``count`` documents, each with a 768-float vector and a payload."""
    rng = random.Random(seed)
    documents = [
        {
            "document_id": f"doc_{i:08d}",
            "collection_id": COLLECTION_ID,
            "score": round(1.0 - i / (count + 1), 6),
            "feature_uri": "mixpeek://text_extractor@v1/e5_embedding",
            "vectors": {VECTOR_NAME: vector(rng)},
            "payload": {"title": f"Document {i}", "category": ("docs", "news", "blog")[i % 3], "rank": i},
        }
        for i in range(count)
    ]
    return {
        "retriever_id": RETRIEVER_ID,
        "execution_id": "exec_bench00001",
        "status": "completed",
        "documents": documents,
        "pagination": {"method": "cursor", "page_size": count, "has_more": False},
        "budget": {"credits_used": 1.5, "time_elapsed_ms": 42},
        "optimization_applied": False,
        "cache_hit": False,
    }


def upsert_response(batch_size: int = 1000) -> dict[str, Any]:
    """A ``BYOUpsertResponse`` for one batch (fixed: the server does not echo what it was sent)."""
    return {"inserted": batch_size, "document_ids": [f"doc_{i:08d}" for i in range(batch_size)]}


def routes(list_count: int = 1000, retriever_count: int = 1000) -> dict[tuple[str, str], bytes]:
    """Every route the workloads call, with its canned body."""
    return {
        GET_COLLECTION: _dumps(collection(1) | {"collection_id": COLLECTION_ID}),
        LIST_COLLECTIONS: _dumps(list_collections(list_count)),
        EXECUTE_RETRIEVER: _dumps(execute_retriever(retriever_count)),
        UPSERT_DOCUMENTS: _dumps(upsert_response()),
    }
