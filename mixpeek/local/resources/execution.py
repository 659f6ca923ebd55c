"""Executing retrievers: a stored one (``POST /v1/retrievers/{retriever_id}/execute``) or ad-hoc stages.

Execution reads the namespace's latest state when the request carries a write token (``X-Write-Token``
header or ``write_token`` in the body) or asks for ``consistency.mode = "strong"``; otherwise it may see
the lagging snapshot (see `mixpeek.local.consistency`). Results are returned in ``documents`` (and, for
older clients, the same list in ``results``), each with its ``score``. Pagination follows the request's
``pagination`` (offset or cursor) and ``limit``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.corpus import Corpus
from mixpeek.local.errors import bad_request, unsupported
from mixpeek.local.filters import compile_filter
from mixpeek.local.fusion import Ranked
from mixpeek.local.messages import Response, ok
from mixpeek.local.pagination import decode_cursor, encode_cursor
from mixpeek.local.resources.retrievers import collection_ids, find_retriever
from mixpeek.local.retrieval import Execution, run_stages
from mixpeek.local.routing import Route
from mixpeek.local.templates import fill

JsonDict = dict[str, Any]


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
        corpora = [(cid, call.engine.corpus(namespace, cid)) for cid in collection_ids(call, identifiers)]
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
    record = find_retriever(call)
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
    """The execution routes (scoped by X-Namespace)."""
    return [
        Route(
            "POST",
            "/v1/retrievers/execute",
            "execute_adhoc_retriever",
            execute_adhoc,
            True,
            "AdhocExecuteRequest",
            "required",
        ),
        Route(
            "POST",
            "/v1/retrievers/{retriever_id}/execute",
            "execute_retriever",
            execute_retriever,
            True,
            "ExecuteRetrieverRequest",
            "optional",
        ),
    ]
