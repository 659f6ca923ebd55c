"""Executing retrievers: a stored one (``POST /v1/retrievers/{retriever_id}/execute``) or ad-hoc stages.

Execution reads the namespace's latest state when the request carries a write token (``X-Write-Token``
header or ``write_token`` in the body) or asks for ``consistency.mode = "strong"``; otherwise it may see
the lagging snapshot (see `mixpeek.local.consistency`). Results are returned in ``documents`` (and, for
older clients, the same list in ``results``), each with its ``score``. Pagination follows the request's
``pagination`` (offset or cursor) and ``limit``. Ad-hoc executions answer with ``X-Execution-Mode: adhoc``.

With ``"stream": true`` in the body the answer is ``text/event-stream`` (Server-Sent Events), one
``data: {json}`` block per `StreamStageEvent`, as the API describes: ``stage_start`` (``stage_name``,
``stage_index``, ``total_stages``) and ``stage_complete`` (also ``documents``: the stage's candidates,
``statistics``: ``input_count``/``output_count``/``duration_ms``/``efficiency``, ``budget_used``) per stage,
then ``execution_complete``: the whole ExecuteRetrieverResponse (documents, pagination, stage_statistics
...) in the event's own fields. A stage that fails gives ``stage_error`` then ``execution_error`` (each with
``error``) in the stream; a request refused before any stage starts (unknown retriever, missing input ...)
is an ordinary error response. The local server runs the stages before it writes the first event.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.corpus import Corpus
from mixpeek.local.errors import ApiError, bad_request, unsupported
from mixpeek.local.filters import compile_filter
from mixpeek.local.fusion import Ranked
from mixpeek.local.messages import Response
from mixpeek.local.pagination import decode_cursor, encode_cursor
from mixpeek.local.resources.retrievers import collection_ids, find_retriever
from mixpeek.local.retrieval import Execution, StageListener, StageProgress, run_stages
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


def _document(item: Ranked) -> JsonDict:
    return {**item.record, "score": item.score}


def _execute(
    call: Call,
    stages: Sequence[JsonDict],
    identifiers: Sequence[str],
    schema: Optional[JsonDict],
    retriever_id: str,
    execution_id: str,
    listener: Optional[StageListener] = None,
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
    ranked = run_stages(run, fill(list(stages), inputs), listener)
    chosen, pagination = _page(body, ranked)
    with_vectors = bool(body.get("return_vectors")) or call.flag("return_vectors")
    by_collection = dict(corpora)
    documents = []
    for item in chosen:
        document = _document(item)
        if with_vectors:
            document["vectors"] = by_collection[item.key[0] or None].vectors(item.key[1])
        documents.append(document)
    total_ms = (time.perf_counter() - started) * 1000.0
    return {
        "retriever_id": retriever_id,
        "execution_id": execution_id,
        "status": "completed",
        "documents": documents,
        "results": documents,
        "pagination": pagination,
        "stage_statistics": {"stages": run.statistics, "total_time_ms": total_ms},
        "consistency_mode": "strong" if latest else "eventual",
        "cache_hit": False,
    }


#: The headers of a streamed execution (as the API documents them).
EVENT_STREAM_HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "Connection": "keep-alive",
}


class _EventStream:
    """The server-sent events of one streaming execution, encoded as they happen."""

    def __init__(self, execution_id: str) -> None:
        self.execution_id = execution_id
        self.chunks: list[bytes] = []
        self._started = time.perf_counter()

    def add(self, event: JsonDict) -> None:
        self.chunks.append(b"data: " + json.dumps(event, separators=(",", ":")).encode() + b"\n\n")

    def __call__(self, progress: StageProgress) -> None:
        """A `StageListener`: one event per stage start, completion or failure."""
        event: JsonDict = {
            "event_type": progress.kind,
            "execution_id": self.execution_id,
            "stage_name": progress.name,
            "stage_index": progress.index,
            "total_stages": progress.total,
        }
        if progress.candidates is not None:
            event["documents"] = [_document(item) for item in progress.candidates]
            event["statistics"] = progress.statistics
            elapsed = (time.perf_counter() - self._started) * 1000.0
            event["budget_used"] = {"credits_used": 0.0, "time_elapsed_ms": elapsed, "tokens_used": 0}
        if progress.error is not None:
            event["error"] = progress.error.message
        self.add(event)


def _answer(
    call: Call,
    stages: Sequence[JsonDict],
    identifiers: Sequence[str],
    schema: Optional[JsonDict],
    retriever_id: str,
    headers: dict[str, str],
) -> Response:
    """The execution's JSON response, or with ``"stream": true`` its event stream."""
    execution_id = call.engine.new_id("exec")
    if not call.body().get("stream"):
        return Response(200, _execute(call, stages, identifiers, schema, retriever_id, execution_id), headers)
    events = _EventStream(execution_id)
    try:
        result = _execute(call, stages, identifiers, schema, retriever_id, execution_id, events)
    except ApiError as error:
        if not events.chunks:
            raise  # refused before any stage started: the same error response as without streaming
        events.add({"event_type": "execution_error", "execution_id": execution_id, "error": error.message})
    else:
        events.add({"event_type": "execution_complete", **result})
    return Response(200, headers={**headers, **EVENT_STREAM_HEADERS}, stream=events.chunks)


def execute_retriever(call: Call) -> Response:
    record = find_retriever(call)
    return _answer(
        call,
        record["stages"],
        record.get("collection_identifiers") or [],
        record.get("input_schema"),
        str(record["retriever_id"]),
        {},
    )


def execute_adhoc(call: Call) -> Response:
    body = call.body()
    identifiers = body.get("collection_identifiers") or []
    mode = {"X-Execution-Mode": "adhoc"}
    return _answer(call, body["stages"], identifiers, body.get("input_schema"), "", mode)


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
            replay=False,  # a read: nothing to run once, and a stream is not stored
        ),
        Route(
            "POST",
            "/v1/retrievers/{retriever_id}/execute",
            "execute_retriever",
            execute_retriever,
            True,
            "ExecuteRetrieverRequest",
            "optional",
            replay=False,
        ),
    ]
