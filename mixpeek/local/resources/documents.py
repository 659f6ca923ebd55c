"""Documents of a collection: create, get, list (with filters, sort, pages), update, patch, delete.

Documents are written directly (no extractor runs). A document's ``vectors`` (name -> list of floats) are
kept out of the JSON record and indexed, so retrievers over the collection can search them; the metric is
the namespace's `vector_configs` entry of the same name, else cosine.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.corpus import Corpus, DocumentWrite, IndexSpec
from mixpeek.local.engine import utc_now
from mixpeek.local.errors import bad_request, not_found
from mixpeek.local.json_body import load_json
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.collections import find_collection
from mixpeek.local.resources.common import listing
from mixpeek.local.routing import Route
from mixpeek.local.vector_values import checked_vector

JsonDict = dict[str, Any]
_PROTECTED = ("document_id", "collection_id", "created_at", "vectors")


def _corpus(call: Call) -> tuple[str, Corpus]:
    collection = find_collection(call, call.param("collection_identifier"))
    collection_id = str(collection["collection_id"])
    return collection_id, call.engine.corpus(call.namespace or {}, collection_id)


def _vectors(call: Call, corpus: Corpus, raw: Any) -> dict[str, list[float]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise bad_request("'vectors' must map vector names to lists of numbers")
    specs = call.engine.index_specs(call.namespace or {})
    vectors: dict[str, list[float]] = {}
    for name, values in raw.items():
        if not isinstance(values, list) or not values or not all(isinstance(x, (int, float)) for x in values):
            raise bad_request(f"Vector '{name}' must be a non-empty list of numbers")
        expected = _expected_dimension(corpus, specs, name, len(values))
        if len(values) != expected:
            raise bad_request(f"Vector '{name}' has {len(values)} dimensions, the index expects {expected}")
        vectors[name] = checked_vector(values, f"vectors.{name}")
    return vectors


def _expected_dimension(corpus: Corpus, specs: dict[str, IndexSpec], name: str, given: int) -> int:
    """The dimension a vector must have: its index's, its declared one, else its own (a new index).

    Nothing is created here: the write that stores the document creates the index, so a refused request
    leaves no index (and no dimension) behind."""
    index = corpus.indexes.get(name)
    if index is not None:
        return index.dimension
    spec = specs.get(name)
    return spec.dimension if spec is not None else given


def _view(call: Call, corpus: Corpus, record: JsonDict, with_vectors: bool) -> JsonDict:
    view = dict(record)
    if with_vectors:
        view["vectors"] = corpus.vectors(str(record["document_id"]))
    return view


def _save(call: Call, corpus: Corpus, record: JsonDict, vectors: Optional[dict[str, list[float]]]) -> None:
    document_id = str(record["document_id"])
    kept = vectors if vectors is not None else corpus.vectors(document_id)
    with call.engine.storage.batch():
        call.engine.next_sequence()
        corpus.write([DocumentWrite(document_id, record, kept)])


def create_document(call: Call) -> Response:
    collection_id, corpus = _corpus(call)
    body = call.body()
    now = utc_now()
    document_id = str(body.get("document_id") or call.engine.new_id("doc"))
    record = {key: value for key, value in body.items() if key != "vectors" and value is not None}
    record.update(
        {"document_id": document_id, "collection_id": collection_id, "created_at": now, "updated_at": now}
    )
    _save(call, corpus, record, _vectors(call, corpus, body.get("vectors")))
    return ok(_view(call, corpus, record, False))


def _existing(corpus: Corpus, document_id: str) -> JsonDict:
    record = corpus.get(document_id)
    if record is None:
        raise not_found("document", document_id)
    return record


def get_document(call: Call) -> Response:
    _, corpus = _corpus(call)
    record = _existing(corpus, call.param("document_id"))
    return ok(_view(call, corpus, record, call.flag("return_vectors")))


def _change(call: Call, replace: bool) -> Response:
    collection_id, corpus = _corpus(call)
    current = _existing(corpus, call.param("document_id"))
    body = call.body()
    base = (
        {key: current[key] for key in ("document_id", "collection_id", "created_at")}
        if replace
        else dict(current)
    )
    base.update({key: value for key, value in body.items() if key not in _PROTECTED})
    base["updated_at"] = utc_now()
    new_vectors = _vectors(call, corpus, body.get("vectors")) if "vectors" in body else None
    if new_vectors is not None and not replace:
        new_vectors = {**corpus.vectors(str(current["document_id"])), **new_vectors}
    _save(call, corpus, base, new_vectors)
    return ok(_view(call, corpus, base, False))


def update_document(call: Call) -> Response:
    return _change(call, replace=True)


def patch_document(call: Call) -> Response:
    return _change(call, replace=False)


def delete_document(call: Call) -> Response:
    _, corpus = _corpus(call)
    document_id = call.param("document_id")
    _existing(corpus, document_id)
    with call.engine.storage.batch():
        call.engine.next_sequence()
        corpus.delete(document_id)
    return ok({"success": True, "message": f"Document '{document_id}' deleted"})


def _query_json(call: Call, name: str) -> Any:
    raw = call.request.query_value(name)
    if not raw:
        return None
    return load_json(raw, f"query parameter '{name}'")


def list_documents(call: Call) -> Response:
    _, corpus = _corpus(call)
    body = dict(call.body()) if call.request.method == "POST" else {}
    for name in ("filters", "sort"):
        if body.get(name) is None:
            body[name] = _query_json(call, name)
    with_vectors = bool(body.get("return_vectors")) or call.flag("return_vectors")
    records = corpus.records()
    search = call.request.query_value("search") or body.pop("search", None)
    if search:
        needle = str(search).casefold()
        records = [r for r in records if needle in json.dumps(r, default=str).casefold()]
    page, pagination = listing(call, records, body=body)
    results = [_view(call, corpus, record, with_vectors) for record in page]
    return ok({"results": results, "pagination": pagination, "total_documents": pagination["total"]})


def routes() -> list[Route]:
    """The collection-document routes (scoped by X-Namespace)."""
    base = "/v1/collections/{collection_identifier}/documents"
    one = base + "/{document_id}"
    return [
        Route("POST", base, "create_document", create_document, True, "DocumentCreateRequest", "required"),
        Route("GET", base, "list_documents_0", list_documents),
        Route(
            "POST", base + "/list", "list_documents", list_documents, True, "ListDocumentsRequest", "optional"
        ),
        Route("GET", one, "get_document", get_document),
        Route("PUT", one, "update_document", update_document, True, None, "required"),
        Route("PATCH", one, "patch_document", patch_document, True, None, "required"),
        Route("DELETE", one, "delete_document", delete_document),
    ]
