"""Collections of a namespace: create, get, list, update (PATCH), delete, trigger.

The local server runs no feature extractors: a collection is a named container whose documents are
written directly (see `documents`). The stored collection keeps what the request said (except
``retriever_transform``, whose response shape the local server does not build); the response adds the fields
the API always returns (an id, the extractor's id, timestamps, document counts).
"""

from __future__ import annotations

from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.engine import utc_now
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import deleted, listing, merge
from mixpeek.local.resources.tasks import record_trigger_task
from mixpeek.local.routing import Route
from mixpeek.local.validation import validation_failure

JsonDict = dict[str, Any]
TABLE = "collections"
NAME = "collection_name"
_PROTECTED = ("collection_id", "created_at", "document_count")
#: Request fields not kept: the API answers them in a different shape that the local server does not build.
_NOT_KEPT = ("retriever_transform",)
#: Used when a collection is created without a feature extractor (the response requires one).
_NO_EXTRACTOR = {"feature_extractor_name": "none", "version": "v1"}


def with_extractor_id(extractor: JsonDict) -> JsonDict:
    """A feature extractor config with the id the API derives from its name and version."""
    return {
        **extractor,
        "feature_extractor_id": f"{extractor['feature_extractor_name']}_{extractor['version']}",
    }


def extractor_of(record: JsonDict) -> JsonDict:
    """A stored collection's extractor name and version (the placeholder's where a change left one out)."""
    return {**_NO_EXTRACTOR, **(record.get("feature_extractor") or {})}


def collection_view(call: Call, record: JsonDict) -> JsonDict:
    """A stored collection as `CollectionResponse`, with its live document count."""
    corpus = call.engine.corpus(call.namespace or {}, str(record["collection_id"]))
    return {**record, "document_count": len(corpus)}


def find_collection(call: Call, identifier: str) -> JsonDict:
    """A collection of the request's namespace by id or name (404 otherwise)."""
    return call.engine.require(TABLE, call.namespace_id, identifier, NAME, "collection")


def check_name(name: Any) -> str:
    """A collection name of 3 to 100 characters (what the API's responses promise); 422 otherwise."""
    text = str(name)
    if not 3 <= len(text) <= 100:
        raise validation_failure(
            f"Invalid collection_name {text!r}: it must have 3 to 100 characters",
            [{"loc": ["body", NAME], "msg": "must have 3 to 100 characters", "type": "string_length"}],
        )
    return text


def create_collection(call: Call) -> Response:
    body = call.body()
    check_name(body[NAME])
    engine = call.engine
    engine.ensure_unique_name(TABLE, call.namespace_id, NAME, str(body[NAME]), "collection")
    now = utc_now()
    record: JsonDict = {
        key: value for key, value in body.items() if value is not None and key not in _NOT_KEPT
    }
    record.update(
        {
            "collection_id": engine.new_id("col"),
            "feature_extractor": with_extractor_id(body.get("feature_extractor") or _NO_EXTRACTOR),
            "enabled": bool(body.get("enabled", True)),
            "created_at": now,
            "updated_at": now,
        }
    )
    engine.storage.put(TABLE, call.namespace_id, record["collection_id"], record)
    return ok(collection_view(call, record))


def get_collection(call: Call) -> Response:
    return ok(collection_view(call, find_collection(call, call.param("collection_identifier"))))


def list_collections(call: Call) -> Response:
    body = call.list_request()
    records = [collection_view(call, r) for r in call.engine.storage.scan(TABLE, call.namespace_id)]
    page, pagination = listing(call, records, name_field=NAME, body=body)
    return ok({"results": page, "pagination": pagination, "total_count": pagination["total"]})


def update_collection(call: Call) -> Response:
    record = find_collection(call, call.param("collection_identifier"))
    changes = call.body()
    new_name = changes.get(NAME)
    if new_name is not None:
        check_name(new_name)
    if new_name and new_name != record[NAME]:
        call.engine.ensure_unique_name(TABLE, call.namespace_id, NAME, str(new_name), "collection")
    if (
        isinstance(changes.get("feature_extractor"), dict)
        and "feature_extractor_name" in changes["feature_extractor"]
    ):
        changes = {**changes, "feature_extractor": with_extractor_id(changes["feature_extractor"])}
    updated = merge(record, {k: v for k, v in changes.items() if v is not None}, _PROTECTED + _NOT_KEPT)
    updated["updated_at"] = utc_now()
    call.engine.storage.put(TABLE, call.namespace_id, str(record["collection_id"]), updated)
    return ok(collection_view(call, updated))


def delete_collection(call: Call) -> Response:
    record = find_collection(call, call.param("collection_identifier"))
    collection_id = str(record["collection_id"])
    with call.engine.storage.batch():
        call.engine.drop_corpus(call.namespace_id, collection_id)
        call.engine.storage.delete(TABLE, call.namespace_id, collection_id)
    return ok(deleted("collection", collection_id))


def trigger_collection(call: Call) -> Response:
    """Accept a processing request (202): no extractor runs locally, so it produces no documents."""
    record = find_collection(call, call.param("collection_identifier"))
    body = call.body()
    source = record.get("source") or {}
    bucket_ids = list(body.get("include_buckets") or source.get("bucket_ids") or [])
    object_ids = body.get("object_ids")
    if object_ids is None:
        object_ids = [
            key
            for bucket_id in bucket_ids
            for key, _, _ in call.engine.storage.scan_with_blobs(
                "objects", f"{call.namespace_id}/{bucket_id}"
            )
        ]
    answer: JsonDict = {
        "task_id": call.engine.new_id("task"),
        "batch_id": call.engine.new_id("btch"),
        "collection_id": record["collection_id"],
        "source_bucket_ids": bucket_ids,
        "object_count": len(object_ids),
        "batch_count": 1,
        "document_count": 0,
        "total_tiers": 1,
        "message": "Accepted; the local server runs no feature extractors, so no documents are produced. "
        "Write documents directly (collection documents or a standalone upsert) to search them.",
    }
    details = {key: answer[key] for key in ("collection_id", "batch_id", "object_count", "document_count")}
    record_trigger_task(call.engine, call.namespace_id, answer["task_id"], details)
    return Response(202, answer)


def routes() -> list[Route]:
    """The collection routes (scoped by X-Namespace)."""
    one = "/v1/collections/{collection_identifier}"
    return [
        Route(
            "POST",
            "/v1/collections",
            "create_collection",
            create_collection,
            True,
            "CreateCollectionRequest",
            "required",
        ),
        Route("GET", "/v1/collections", "list_collections_get", list_collections),
        Route(
            "POST",
            "/v1/collections/list",
            "list_collections",
            list_collections,
            True,
            "ListCollectionsRequest",
            "optional",
        ),
        Route("GET", one, "get_collection", get_collection),
        Route("PATCH", one, "update_collection", update_collection, True, None, "required"),
        Route("DELETE", one, "delete_collection", delete_collection),
        Route(
            "POST",
            one + "/trigger",
            "trigger_collection",
            trigger_collection,
            True,
            "TriggerCollectionRequest",
            "optional",
        ),
    ]
