"""``mp.search(...)``: one-call search through an ephemeral ``feature_search`` retriever.

The API has no search endpoint of its own: searching means creating a retriever and executing it. This
helper does exactly that, then deletes the retriever, also when the execution fails.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from mixpeek.client._core import ClientCore
from mixpeek.client.retrievers import Retrievers
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.models import ExecuteRetrieverResponse

logger = logging.getLogger("mixpeek.client")

DEFAULT_TOP_K = 10


@dataclass(frozen=True)
class SearchPlan:
    """What the ephemeral retriever is made of, and the inputs it is executed with."""

    stages: list[dict[str, Any]]
    input_schema: dict[str, dict[str, Any]]
    inputs: dict[str, Any]
    collection_identifiers: Optional[list[str]] = None


def feature_search_stage(searches: list[dict[str, Any]], final_top_k: int) -> dict[str, Any]:
    """A ``feature_search`` stage over ``searches`` keeping the ``final_top_k`` best hits."""
    return {
        "stage_name": "feature_search",
        "stage_type": "filter",
        "config": {
            "stage_id": "feature_search",
            "parameters": {"final_top_k": final_top_k, "searches": searches},
        },
    }


def vector_plan(queries: Sequence[Mapping[str, Any]], top_k: int) -> SearchPlan:
    """One vector search per query: ``{"feature_uri": "text_8", "vector": [...], "top_k": 5}``.

    ``value`` is accepted as a synonym of ``vector``; ``top_k`` defaults to the call's ``top_k``.
    """
    if not queries:
        raise ApiValueError("search() needs at least one query: [{'feature_uri': ..., 'vector': [...]}]")
    searches, schema, inputs = [], {}, {}
    for position, query in enumerate(queries):
        vector = query.get("vector", query.get("value"))
        if not query.get("feature_uri") or vector is None:
            raise ApiValueError(
                f"query {position} needs 'feature_uri' and 'vector', got keys {sorted(query)}"
            )
        try:
            values, query_top_k = list(vector), int(query.get("top_k", top_k))
        except (TypeError, ValueError) as exc:
            raise ApiValueError(
                f"query {position}: 'vector' must be a list of numbers and 'top_k' an int: {exc}"
            ) from exc
        name = f"q{position}"
        schema[name] = {"type": "array", "required": True}
        inputs[name] = values
        searches.append(
            {
                "feature_uri": query["feature_uri"],
                "query": {"input_mode": "vector", "value": "{{INPUT." + name + "}}"},
                "top_k": query_top_k,
            }
        )
    return SearchPlan([feature_search_stage(searches, top_k)], schema, inputs)


def text_plan(query: str, collection: str, feature_uris: Sequence[str], top_k: int) -> SearchPlan:
    """A text search of ``query`` over each of ``feature_uris`` of ``collection`` (embedded by the API)."""
    searches = [
        {"feature_uri": uri, "query": {"input_mode": "text", "value": "{{INPUT.query}}"}, "top_k": top_k}
        for uri in feature_uris
    ]
    return SearchPlan(
        [feature_search_stage(searches, top_k)],
        {"query": {"type": "text", "required": True}},
        {"query": query},
        [collection],
    )


class Search:
    """Callable behind ``Mixpeek.search``."""

    def __init__(self, core: ClientCore, retrievers: Retrievers) -> None:
        self._core = core
        self._retrievers = retrievers

    def __call__(
        self,
        *,
        namespace_id: Optional[str] = None,
        queries: Optional[Sequence[Mapping[str, Any]]] = None,
        query: Optional[str] = None,
        collection: Optional[str] = None,
        feature_uri: Optional[str] = None,
        top_k: int = DEFAULT_TOP_K,
        filters: Optional[Mapping[str, Any]] = None,
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> ExecuteRetrieverResponse:
        namespace = namespace_id or self._core.namespace(namespace)
        if queries is not None:
            plan = vector_plan(queries, top_k)
        elif query is not None and collection is not None:
            uris = [feature_uri] if feature_uri else self._text_features(collection, namespace)
            plan = text_plan(query, collection, uris, top_k)
        else:
            raise ApiValueError("search() needs queries=[...] (vectors) or query='...' with collection='...'")
        return self._run(plan, namespace, filters, write_token)

    def _text_features(self, collection: str, namespace: Optional[str]) -> list[str]:
        """The collection's primary features (or all of them when none is marked primary)."""
        described = self._core.collections.describe_collection_features(collection, x_namespace=namespace)
        features = list(described.features or [])
        primary = [feature for feature in features if feature.primary]
        uris = [feature.feature_uri for feature in (primary or features)]
        if not uris:
            raise ApiValueError(f"collection {collection!r} has no searchable features; pass feature_uri=")
        return uris

    def _run(
        self,
        plan: SearchPlan,
        namespace: Optional[str],
        filters: Optional[Mapping[str, Any]],
        write_token: Optional[str],
    ) -> ExecuteRetrieverResponse:
        created = self._retrievers.create(
            f"ephemeral-search-{uuid.uuid4().hex[:12]}",
            plan.stages,
            input_schema=plan.input_schema,
            collection_identifiers=plan.collection_identifiers,
            namespace=namespace,
        )
        retriever_id = str(created.retriever_id)
        try:
            return self._retrievers.execute(
                retriever_id,
                plan.inputs,
                filters=dict(filters) if filters else None,
                write_token=write_token,
                namespace=namespace,
            )
        finally:
            self._delete_quietly(retriever_id, namespace)

    def _delete_quietly(self, retriever_id: str, namespace: Optional[str]) -> None:
        """Remove the ephemeral retriever; a failure here must not hide the search's own result or error."""
        try:
            self._retrievers.delete(retriever_id, namespace=namespace)
        except Exception:
            logger.warning("could not delete ephemeral retriever %s", retriever_id, exc_info=True)
