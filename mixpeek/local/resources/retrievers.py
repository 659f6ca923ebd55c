"""Retrievers: create, get, list, patch, delete (execution lives in `execution`).

A stored retriever keeps its stages (shown with their ``parameters`` repeated, as `StageConfigOutput` has
them), the collection identifiers it searches (resolved to ids when it is saved) and a version that each
patch increments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.engine import utc_now
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import deleted, listing
from mixpeek.local.routing import Route

JsonDict = dict[str, Any]
TABLE = "retrievers"
NAME = "retriever_name"
_KEPT = (
    "description",
    "input_schema",
    "budget_limits",
    "tags",
    "metadata",
    "display_config",
    "visibility",
    "marketplace_listing_id",
    "requires_subscription",
)


def _stages_out(stages: Sequence[JsonDict]) -> list[JsonDict]:
    """Stages as `StageConfigOutput` (which repeats the stage's parameters at the top level)."""
    shaped = []
    for stage in stages:
        config = stage.get("config") or {}
        parameters = config.get("parameters")
        shaped.append({**stage, "parameters": parameters if isinstance(parameters, dict) else {}})
    return shaped


def collection_ids(call: Call, identifiers: Sequence[str]) -> list[str]:
    return [
        str(
            call.engine.require(
                "collections", call.namespace_id, identifier, "collection_name", "collection"
            )["collection_id"]
        )
        for identifier in identifiers
    ]


def find_retriever(call: Call) -> JsonDict:
    """The retriever named by the path (id or name) in the request's namespace; 404 otherwise."""
    return call.engine.require(TABLE, call.namespace_id, call.param("retriever_id"), NAME, "retriever")


def create_retriever(call: Call) -> Response:
    body = call.body()
    engine = call.engine
    engine.ensure_unique_name(TABLE, call.namespace_id, NAME, str(body[NAME]), "retriever")
    identifiers = list(body.get("collection_identifiers") or [])
    now = utc_now()
    record: JsonDict = {key: body[key] for key in _KEPT if body.get(key) is not None}
    record.update(
        {
            "retriever_id": engine.new_id("ret"),
            NAME: body[NAME],
            "collection_identifiers": identifiers,
            "collection_ids": collection_ids(call, identifiers),
            "stages": _stages_out(body["stages"]),
            "fusion": None,
            "version": 1,
            "is_published": False,
            "created_at": now,
            "updated_at": now,
        }
    )
    engine.storage.put(TABLE, call.namespace_id, record["retriever_id"], record)
    return ok(record)


def get_retriever(call: Call) -> Response:
    return ok(find_retriever(call))


def list_retrievers(call: Call) -> Response:
    body = call.list_request()
    page, pagination = listing(
        call, call.engine.storage.scan(TABLE, call.namespace_id), name_field=NAME, body=body
    )
    return ok({"results": page, "total": pagination["total"], "pagination": pagination})


def patch_retriever(call: Call) -> Response:
    record = find_retriever(call)
    changes = {key: value for key, value in call.body().items() if value is not None}
    if changes.get(NAME) and changes[NAME] != record[NAME]:
        call.engine.ensure_unique_name(TABLE, call.namespace_id, NAME, str(changes[NAME]), "retriever")
    updated = dict(record)
    for key, value in changes.items():
        if key not in ("retriever_id", "created_at", "version", "collection_ids"):
            updated[key] = value
    if "stages" in changes:
        updated["stages"] = _stages_out(changes["stages"])
    if "collection_identifiers" in changes:
        updated["collection_ids"] = collection_ids(call, changes["collection_identifiers"])
    updated["version"] = int(record.get("version") or 1) + 1
    updated["updated_at"] = utc_now()
    call.engine.storage.put(TABLE, call.namespace_id, str(record["retriever_id"]), updated)
    return ok({"retriever": updated})


def delete_retriever(call: Call) -> Response:
    record = find_retriever(call)
    call.engine.storage.delete(TABLE, call.namespace_id, str(record["retriever_id"]))
    return ok(deleted("retriever", str(record["retriever_id"])))


def routes() -> list[Route]:
    """The retriever routes (scoped by X-Namespace)."""
    one = "/v1/retrievers/{retriever_id}"
    return [
        Route(
            "POST",
            "/v1/retrievers",
            "create_retriever",
            create_retriever,
            True,
            "CreateRetrieverRequest",
            "required",
        ),
        Route("GET", "/v1/retrievers", "list_retrievers_get", list_retrievers),
        Route(
            "POST",
            "/v1/retrievers/list",
            "list_retrievers__retrievers",
            list_retrievers,
            True,
            "ListRetrieversRequest",
            "optional",
        ),
        Route("GET", one, "get_retriever", get_retriever),
        Route("PATCH", one, "patch_retriever", patch_retriever, True, "PatchRetrieverRequest", "required"),
        Route("DELETE", one, "delete_retriever", delete_retriever),
    ]
