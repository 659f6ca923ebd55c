"""Running a retriever's stages over a namespace's documents.

Stages run in order on a list of candidate documents. Before the first retrieving stage the candidates
are "every document in scope": the listed collections, or the namespace's standalone documents when the
retriever names no collection. Implemented stages (by ``config.stage_id``, else ``stage_name``):

* ``feature_search``: exact vector search per entry of ``searches`` (``top_k``, ``min_score``, ``weight``),
  then fusion (see `fusion`) and ``final_top_k``; after an earlier stage it ranks only the candidates;
* ``attribute_filter``: keeps candidates matching ``field``/``operator``/``value`` or ``conditions``;
* ``sort_attribute``: orders by ``field`` (``direction``, missing values last); ``sort_relevance``: by score.

The execute request's ``filters`` restrict every stage. Other stage types answer a 400 naming the stage
(not emulated locally). A `StageListener` given to `run_stages` hears each stage start, complete (with its
statistics and candidates) or fail: what a streaming execution sends as events.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from mixpeek.local.corpus import Corpus
from mixpeek.local.errors import ApiError, bad_request, unsupported
from mixpeek.local.fields import sort_documents
from mixpeek.local.filters import Predicate, compile_filter
from mixpeek.local.fusion import Ranked, fuse
from mixpeek.local.options import Embedder
from mixpeek.local.queries import query_vector

JsonDict = dict[str, Any]
Scope = Sequence[tuple[Optional[str], Corpus]]


@dataclass
class Execution:
    """Everything a run needs: the namespace, the corpora in scope and the request's choices."""

    namespace: JsonDict
    corpora: Scope
    request_filter: Optional[Predicate]
    latest: bool
    embedder: Optional[Embedder]
    statistics: dict[str, JsonDict] = field(default_factory=dict)

    def key_of(self, collection_id: Optional[str], record: JsonDict) -> tuple[str, str]:
        """A document's identity across the corpora in scope: (collection id or "", document id)."""
        return (collection_id or "", str(record["document_id"]))

    def everything(self) -> list[Ranked]:
        """Every visible document in scope that passes the request's filters (score 0)."""
        found = []
        for collection_id, corpus in self.corpora:
            for record in corpus.visible_records(self.latest):
                if self.request_filter is None or self.request_filter(record):
                    found.append(Ranked(self.key_of(collection_id, record), 0.0, record))
        return found


def _parameters(stage: JsonDict) -> JsonDict:
    config = stage.get("config") or {}
    parameters = config.get("parameters")
    if isinstance(parameters, dict):
        return parameters
    return {key: value for key, value in config.items() if key != "stage_id"}


def stage_kind(stage: JsonDict) -> str:
    """The stage's type: ``config.stage_id`` when given, else its ``stage_name``."""
    return str((stage.get("config") or {}).get("stage_id") or stage.get("stage_name") or "")


def _index_name(run: Execution, feature_uri: str) -> tuple[str, int]:
    known: dict[str, int] = {}
    for _, corpus in run.corpora:
        known.update({name: index.dimension for name, index in corpus.indexes.items()})
    for config in run.namespace.get("vector_configs") or []:
        known.setdefault(str(config["name"]), int(config["dimension"]))
    candidates = [feature_uri, feature_uri.rsplit("/", 1)[-1], feature_uri.rsplit("@", 1)[-1].split("/")[-1]]
    for candidate in candidates:
        if candidate in known:
            return candidate, known[candidate]
    raise bad_request(
        f"No vector index matches feature_uri '{feature_uri}'; available: {sorted(known)}",
        feature_uri=feature_uri,
    )


def _one_search(run: Execution, search: JsonDict, allowed: Optional[set[tuple[str, str]]]) -> list[Ranked]:
    if not isinstance(search, dict) or not isinstance(search.get("feature_uri"), str):
        raise bad_request("Every feature search needs a 'feature_uri'")
    name, dimension = _index_name(run, search["feature_uri"])
    vector = query_vector(
        search.get("query"),
        index_name=name,
        dimension=dimension,
        namespace=run.namespace,
        corpora=run.corpora,
        embedder=run.embedder,
    )
    top_k = int(search.get("top_k") or 100)
    hits: list[Ranked] = []
    for collection_id, corpus in run.corpora:

        def accept(record: JsonDict, cid: Optional[str] = collection_id) -> bool:
            if allowed is not None and run.key_of(cid, record) not in allowed:
                return False
            return run.request_filter is None or run.request_filter(record)

        needs_filter = allowed is not None or run.request_filter is not None
        for hit in corpus.search(name, vector, top_k, accept if needs_filter else None, run.latest):
            hits.append(Ranked(run.key_of(collection_id, hit.record), hit.score, hit.record))
    hits.sort(key=lambda item: item.score, reverse=True)
    min_score = search.get("min_score")
    if min_score is not None:
        hits = [hit for hit in hits if hit.score >= float(min_score)]
    return hits[:top_k]


def feature_search(run: Execution, parameters: JsonDict, current: Optional[list[Ranked]]) -> list[Ranked]:
    """Vector searches, fused, limited to ``final_top_k``."""
    searches = parameters.get("searches") or []
    if not searches:
        raise bad_request("feature_search needs at least one entry in 'searches'")
    allowed = {item.key for item in current} if current is not None else None
    lists = [
        (float(s.get("weight", 1.0) if isinstance(s, dict) else 1.0), _one_search(run, s, allowed))
        for s in searches
    ]
    fused = fuse(lists, str(parameters.get("fusion") or "rrf"))
    return fused[: int(parameters.get("final_top_k") or 25)]


def attribute_filter(run: Execution, parameters: JsonDict, current: Optional[list[Ranked]]) -> list[Ranked]:
    """Candidates matching the stage's condition (or condition tree)."""
    case_sensitive = not bool(parameters.get("case_insensitive", False))
    if parameters.get("conditions"):
        predicate = compile_filter(parameters["conditions"], case_sensitive)
    else:
        condition = {key: parameters[key] for key in ("field", "operator", "value") if key in parameters}
        condition.setdefault("field", "metadata.status")
        predicate = compile_filter(condition, case_sensitive)
    candidates = current if current is not None else run.everything()
    return [item for item in candidates if predicate is None or predicate(item.record)]


def sort_attribute(run: Execution, parameters: JsonDict, current: Optional[list[Ranked]]) -> list[Ranked]:
    """Candidates ordered by a field."""
    candidates = current if current is not None else run.everything()
    field_name = str(parameters.get("field") or "metadata.created_at")
    descending = str(parameters.get("direction") or "desc").lower() == "desc"
    by_record = {id(item.record): item for item in candidates}
    ordered = sort_documents([item.record for item in candidates], field_name, descending)
    return [by_record[id(record)] for record in ordered]


def sort_relevance(run: Execution, parameters: JsonDict, current: Optional[list[Ranked]]) -> list[Ranked]:
    """Candidates ordered by score, best first."""
    candidates = current if current is not None else run.everything()
    return sorted(candidates, key=lambda item: item.score, reverse=True)


StageFunction = Callable[[Execution, JsonDict, Optional[list[Ranked]]], list[Ranked]]
STAGES: dict[str, StageFunction] = {
    "feature_search": feature_search,
    "attribute_filter": attribute_filter,
    "sort_attribute": sort_attribute,
    "sort_relevance": sort_relevance,
}


@dataclass(frozen=True)
class StageProgress:
    """One step of a run, for a `StageListener`.

    kind: "stage_start", "stage_complete" or "stage_error"; index: the stage's position (from 0) of
    ``total``; name: its ``stage_name`` (else its type). For "stage_complete": ``statistics`` (the stage's
    entry in `Execution.statistics`) and ``candidates`` (its output); for "stage_error": ``error``.
    """

    kind: str
    index: int
    total: int
    name: str
    statistics: Optional[JsonDict] = None
    candidates: Optional[list[Ranked]] = None
    error: Optional[ApiError] = None


StageListener = Callable[[StageProgress], None]


def run_stages(
    run: Execution, stages: Sequence[JsonDict], listener: Optional[StageListener] = None
) -> list[Ranked]:
    """The ranked documents after every stage (all documents in scope when there are no stages).

    ``listener`` hears each stage start, then complete or fail (a failure is raised after it is heard).
    """
    current: Optional[list[Ranked]] = None
    total = len(stages)
    for position, stage in enumerate(stages):
        kind = stage_kind(stage)
        name = str(stage.get("stage_name") or kind)
        if listener is not None:
            listener(StageProgress("stage_start", position, total, name))
        try:
            function = STAGES.get(kind)
            if function is None:
                raise unsupported(
                    f"Stage '{kind}' (stage {position}) is not emulated by the local server; "
                    f"implemented stages: {sorted(STAGES)}",
                    stage=kind,
                )
            started = time.perf_counter()
            before = len(current) if current is not None else sum(len(c) for _, c in run.corpora)
            current = function(run, _parameters(stage), current)
        except ApiError as error:
            if listener is not None:
                listener(StageProgress("stage_error", position, total, name, error=error))
            raise
        statistics = {
            "input_count": before,
            "output_count": len(current),
            "duration_ms": (time.perf_counter() - started) * 1000.0,
            "efficiency": (len(current) / before) if before else 0.0,
        }
        run.statistics[name] = statistics
        if listener is not None:
            listener(StageProgress("stage_complete", position, total, name, statistics, current))
    return current if current is not None else run.everything()
