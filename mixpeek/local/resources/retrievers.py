"""Retrievers: create, get, list, patch, delete, execute; and ad-hoc execution of unsaved stages.

Execution reads the namespace's latest state when the request carries a write token (``X-Write-Token``
header or ``write_token`` in the body) or asks for ``consistency.mode = "strong"``; otherwise it may see
the lagging snapshot (see `mixpeek.local.consistency`). Results are returned in ``documents`` (and, for
older clients, the same list in ``results``), each with its ``score``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.corpus import Corpus
from mixpeek.local.engine import utc_now
from mixpeek.local.errors import bad_request, unsupported
from mixpeek.local.filters import compile_filter
from mixpeek.local.fusion import Ranked
from mixpeek.local.messages import Response, ok
from mixpeek.local.pagination import decode_cursor, encode_cursor
from mixpeek.local.resources.common import deleted, listing
from mixpeek.local.retrieval import Execution, run_stages
from mixpeek.local.routing import Route
from mixpeek.local.templates import fill

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


def _collection_ids(call: Call, identifiers: Sequence[str]) -> list[str]:
    return [
        str(
            call.engine.require(
                "collections", call.namespace_id, identifier, "collection_name", "collection"
            )["collection_id"]
        )
        for identifier in identifiers
    ]


def _find(call: Call) -> JsonDict:
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
            "collection_ids": _collection_ids(call, identifiers),
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
    return ok(_find(call))


def list_retrievers(call: Call) -> Response:
    body = call.body() if call.request.method == "POST" else None
    page, pagination = listing(
        call, call.engine.storage.scan(TABLE, call.namespace_id), name_field=NAME, body=body
    )
    return ok({"results": page, "total": pagination["total"], "pagination": pagination})


def patch_retriever(call: Call) -> Response:
    record = _find(call)
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
        updated["collection_ids"] = _collection_ids(call, changes["collection_identifiers"])
    updated["version"] = int(record.get("version") or 1) + 1
    updated["updated_at"] = utc_now()
    call.engine.storage.put(TABLE, call.namespace_id, str(record["retriever_id"]), updated)
    return ok({"retriever": updated})


def delete_retriever(call: Call) -> Response:
    record = _find(call)
    call.engine.storage.delete(TABLE, call.namespace_id, str(record["retriever_id"]))
    return ok(deleted("retriever", str(record["retriever_id"])))


# execution ---------------------------------------------------------------------------------------------
def _inputs(schema: Optional[JsonDict], given: JsonDict) -> JsonDict:
    inputs = dict(given)
    for name, spec in (schema or {}).items():
        if name in inputs or not isinstance(spec, dict):
            continue
        if "default" in spec and spec["default"] is not None:
            inputs[name] = spec["default"]
        elif spec.get("required"):
            raise bad_request(f"Missing required input '{name}'", input=name)
    return inputs


def _reads_latest(call: Call, body: JsonDict) -> bool:
    token = call.request.header("X-Write-Token") or body.get("write_token")
    if token:
        call.engine.tokens.verify(str(token), call.namespace_id)
        return True
    consistency = body.get("consistency") or {}
    return consistency.get("mode") == "strong" or call.engine.options.read_lag_seconds <= 0


def _page(body: JsonDict, ranked: Sequence[Ranked]) -> tuple[list[Ranked], JsonDict]:
    pagination = body.get("pagination") or {}
    method = pagination.get("method") or ("offset" if pagination else None)
    offset, size = 0, len(ranked)
    if method == "offset":
        size = int(pagination.get("page_size") or 10)
        offset = (int(pagination.get("page_number") or 1) - 1) * size
    elif method in ("cursor", "scroll"):
        size = int(pagination.get("limit") or (100 if method == "scroll" else 10))
        token = pagination.get("cursor") or pagination.get("scroll_id")
        offset = decode_cursor(str(token)) if token else 0
    elif method is not None:
        raise unsupported(f"Pagination method '{method}' is not emulated by the local server")
    if body.get("limit"):
        size = min(size, int(body["limit"])) if method else int(body["limit"])
    size = max(size, 1)
    chosen = list(ranked[offset : offset + size])
    more = offset + size < len(ranked)
    info = {
        "method": method or "offset",
        "page_size": size,
        "page_number": offset // size + 1,
        "total": len(ranked),
        "has_more": more,
        "next_cursor": encode_cursor(offset + size) if more else None,
    }
    return chosen, info


def _execute(
    call: Call,
    stages: Sequence[JsonDict],
    identifiers: Sequence[str],
    schema: Optional[JsonDict],
    retriever_id: str,
) -> JsonDict:
    started = time.perf_counter()
    body = call.body()
    inputs = _inputs(schema, body.get("inputs") or {})
    namespace = call.namespace or {}
    corpora: list[tuple[Optional[str], Corpus]]
    if identifiers:
        corpora = [(cid, call.engine.corpus(namespace, cid)) for cid in _collection_ids(call, identifiers)]
    else:
        corpora = [(None, call.engine.corpus(namespace))]
    latest = _reads_latest(call, body)
    run = Execution(
        namespace,
        corpora,
        compile_filter(fill(body.get("filters"), inputs)),
        latest,
        call.engine.options.embedder,
    )
    ranked = run_stages(run, fill(list(stages), inputs))
    chosen, pagination = _page(body, ranked)
    with_vectors = bool(body.get("return_vectors")) or call.flag("return_vectors")
    by_collection = dict(corpora)
    documents = []
    for item in chosen:
        document = {**item.record, "score": item.score}
        if with_vectors:
            document["vectors"] = by_collection[item.key[0] or None].vectors(item.key[1])
        documents.append(document)
    total_ms = (time.perf_counter() - started) * 1000.0
    return {
        "retriever_id": retriever_id,
        "execution_id": call.engine.new_id("exec"),
        "status": "completed",
        "documents": documents,
        "results": documents,
        "pagination": pagination,
        "stage_statistics": {"stages": run.statistics, "total_time_ms": total_ms},
        "consistency_mode": "strong" if latest else "eventual",
        "cache_hit": False,
    }


def execute_retriever(call: Call) -> Response:
    record = _find(call)
    return ok(
        _execute(
            call,
            record["stages"],
            record.get("collection_identifiers") or [],
            record.get("input_schema"),
            str(record["retriever_id"]),
        )
    )


def execute_adhoc(call: Call) -> Response:
    body = call.body()
    return ok(
        _execute(call, body["stages"], body.get("collection_identifiers") or [], body.get("input_schema"), "")
    )


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
        Route(
            "POST",
            "/v1/retrievers/execute",
            "execute_adhoc_retriever",
            execute_adhoc,
            True,
            "AdhocExecuteRequest",
            "required",
        ),
        Route("GET", one, "get_retriever", get_retriever),
        Route("PATCH", one, "patch_retriever", patch_retriever, True, "PatchRetrieverRequest", "required"),
        Route("DELETE", one, "delete_retriever", delete_retriever),
        Route(
            "POST",
            one + "/execute",
            "execute_retriever",
            execute_retriever,
            True,
            "ExecuteRetrieverRequest",
            "optional",
        ),
    ]
