"""Standalone namespaces (bring your own vectors): create, upsert, get a document, promote.

A standalone namespace declares named vector indexes (`vector_configs`); documents are upserted with
precomputed vectors, at most `max_upsert_documents` per call, and are searchable as soon as the upsert
returns. ``options.write_token`` asks for a write token; ``options.idempotency_key`` (or an
``Idempotency-Key`` header) makes the upsert safe to repeat. Promotion maps existing indexes to inference
services (see `promotion`).
"""

from __future__ import annotations

import zlib
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.corpus import Corpus, DocumentWrite
from mixpeek.local.engine import Engine, utc_now
from mixpeek.local.errors import bad_request, not_found, unsupported
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import listing
from mixpeek.local.resources.namespaces import new_namespace
from mixpeek.local.routing import Route
from mixpeek.local.validation import validation_failure
from mixpeek.local.vector_values import checked_vector

JsonDict = dict[str, Any]

#: Document fields stored as they are sent.
_DOCUMENT_FIELDS = (
    "payload",
    "metadata",
    "acl",
    "source_type",
    "root_object_id",
    "root_bucket_id",
    "source_object_id",
    "source_document_id",
    "source_collection_id",
    "lineage_path",
    "lineage_chain",
    "content_hash",
)


def standalone_view(engine: Engine, record: JsonDict) -> JsonDict:
    """A namespace as `StandaloneNamespaceResponseModel`."""
    return {
        "namespace_id": record["namespace_id"],
        "mode": record.get("mode") or "standalone",
        "status": "active",
        "vector_configs": record.get("vector_configs") or [],
        "tiering": "auto",
        "document_count": len(engine.corpus(record)),
    }


def create_standalone_namespace(call: Call) -> Response:
    body = call.body()
    namespace_id = str(body["namespace_id"])
    # The API's namespace names have at most 64 characters; standalone ids may be longer.
    name = namespace_id[:64]
    record = new_namespace(call.engine, body, namespace_id=namespace_id, name=name, mode="standalone")
    return ok(standalone_view(call.engine, record))


def _dense_vectors(
    document: JsonDict, specs: JsonDict, corpus: Corpus, strict: bool, seen: dict[str, int]
) -> dict[str, list[float]]:
    """A document's vectors checked against the namespace's indexes; 400 for a name or size mismatch.

    `seen` holds the dimension of each undeclared vector name met earlier in the same request (the first
    one fixes the size of the index the write creates), and is updated.
    """
    document_id = document["document_id"]
    dense: dict[str, list[float]] = {}
    for name, value in (document.get("vectors") or {}).items():
        # The request model has checked the shape: a list of numbers, a list of lists, or a sparse object.
        if not isinstance(value, list) or (value and isinstance(value[0], list)):
            raise unsupported(
                f"Document '{document_id}': vector '{name}' is sparse or multi-vector; the local server "
                "stores and searches dense vectors only"
            )
        spec = specs.get(name)
        if spec is None and strict:
            raise bad_request(
                f"Document '{document_id}': unknown vector '{name}'; this namespace declares {sorted(specs)}",
                document_id=document_id,
                vector=name,
            )
        index = corpus.indexes.get(name)
        if spec is not None:
            expected = spec["dimension"]
        elif index is not None:
            expected = index.dimension
        else:
            expected = seen.setdefault(name, len(value))
        if len(value) != expected:
            raise bad_request(
                f"Document '{document_id}': vector '{name}' has {len(value)} dimensions; "
                f"the index expects {expected}",
                document_id=document_id,
                vector=name,
            )
        dense[name] = checked_vector(value, f"documents.{document_id}.vectors.{name}")
    return dense


def _write_documents(call: Call, namespace: JsonDict, body: JsonDict) -> JsonDict:
    engine = call.engine
    collection_id: Optional[str] = body.get("collection_id")
    if collection_id:
        collection_id = str(
            engine.require(
                "collections", str(namespace["namespace_id"]), collection_id, "collection_name", "collection"
            )["collection_id"]
        )
    corpus = engine.corpus(namespace, collection_id)
    specs = {config["name"]: config for config in namespace.get("vector_configs") or []}
    now = utc_now()
    writes: dict[str, DocumentWrite] = {}
    seen: dict[str, int] = {}
    for document in body["documents"]:
        document_id = str(document["document_id"])
        previous = corpus.get(document_id)
        record: JsonDict = {"document_id": document_id, "namespace_id": namespace["namespace_id"]}
        if collection_id:
            record["collection_id"] = collection_id
        record.update({key: document[key] for key in _DOCUMENT_FIELDS if document.get(key) is not None})
        record.setdefault("source_type", "direct_upsert")
        record["created_at"] = previous.get("created_at", now) if previous else now
        record["updated_at"] = now
        vectors = _dense_vectors(document, specs, corpus, not collection_id, seen)
        writes[document_id] = DocumentWrite(document_id, record, vectors)
    options = body.get("options") or {}
    with engine.storage.batch():
        sequence = engine.next_sequence()
        corpus.write(list(writes.values()))
    wants_token = bool(options.get("write_token"))
    lag_ms = int(engine.options.read_lag_seconds * 1000)
    return {
        "inserted": len(body["documents"]),
        "document_ids": [str(document["document_id"]) for document in body["documents"]],
        "write_token": engine.tokens.issue(str(namespace["namespace_id"]), sequence) if wants_token else None,
        "consistency": {
            "retriever_visible": "immediate" if lag_ms == 0 else "eventual",
            "recommended_header": "X-Write-Token" if wants_token else None,
            "write_token_available": wants_token,
            "expected_visible_within_ms": lag_ms,
        },
        "warnings": [],
    }


def upsert_documents(call: Call) -> Response:
    engine = call.engine
    namespace = engine.namespace(call.param("namespace_id"))
    body = call.body()
    limit = engine.options.max_upsert_documents
    if len(body["documents"]) > limit:
        raise validation_failure(
            f"Too many documents: {len(body['documents'])} in one upsert; the limit is {limit}",
            [{"loc": ["body", "documents"], "msg": f"at most {limit} items", "type": "too_long"}],
        )
    options = body.get("options") or {}
    key = options.get("idempotency_key") or call.request.header("Idempotency-Key")
    result = engine.idempotent(
        str(namespace["namespace_id"]),
        "upsert_documents",
        key,
        body,
        lambda: _write_documents(call, namespace, body),
    )
    return ok(result)


def get_document(call: Call) -> Response:
    namespace = call.engine.namespace(call.param("namespace_id"))
    corpus = call.engine.corpus(namespace)
    document_id = call.param("document_id")
    record = corpus.get(document_id)
    if record is None:
        raise not_found("document", document_id)
    view = dict(record)
    if call.flag("return_vectors"):
        view["vectors"] = corpus.vectors(document_id)
    return ok(view)


def _in_partition(document_id: str, partition: Optional[JsonDict]) -> bool:
    """Whether a document belongs to partition ``{"index": i, "count": n}``: a stable hash of its id, mod n.

    The same id always lands in the same partition, so n readers with indexes 0..n-1 see every document
    exactly once between them.
    """
    if not partition:
        return True
    return zlib.crc32(document_id.encode("utf-8")) % int(partition["count"]) == int(partition["index"])


def list_namespace_documents(call: Call) -> Response:
    """POST /v1/documents/list: the namespace's own documents (those upserted without a collection), sorted
    by id, filtered, optionally one ``partition`` of them, page by page (cursor, or limit and offset)."""
    engine = call.engine
    namespace = engine.namespace(call.namespace_id)
    body = dict(call.body())
    partition = body.pop("partition", None)
    corpus = engine.corpus(namespace)
    records = [r for r in corpus.records() if _in_partition(str(r["document_id"]), partition)]
    page, pagination = listing(call, records, body=body, default_sort=("document_id", False))
    with_vectors = bool(body.get("return_vectors")) or call.flag("return_vectors")
    results = []
    for record in page:
        view = dict(record)
        if with_vectors:
            view["vectors"] = corpus.vectors(str(record["document_id"]))
        results.append(view)
    return ok({"results": results, "pagination": pagination, "total_documents": pagination["total"]})


def routes() -> list[Route]:
    """The standalone-namespace routes (the namespace is in the path, not in X-Namespace)."""
    base = "/v1/namespaces/{namespace_id}"
    return [
        Route(
            "POST",
            "/v1/documents/list",
            "list_documents_ns",
            list_namespace_documents,
            True,
            "NamespaceListDocumentsRequest",
            "optional",
        ),
        Route(
            "POST",
            "/v1/namespaces/standalone",
            "create_standalone_namespace",
            create_standalone_namespace,
            False,
            "CreateStandaloneNamespaceRequestModel",
            "required",
        ),
        Route(
            "POST",
            base + "/documents/upsert",
            "upsert_documents_byo_namespaces",
            upsert_documents,
            False,
            "BYOUpsertRequest",
            "required",
            replay=False,  # the handler honours options.idempotency_key and the header itself
        ),
        Route("GET", base + "/documents/{document_id}", "get_document_byo_namespaces", get_document, False),
    ]
