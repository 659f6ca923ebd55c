"""``mp.search(...)``: one-call search, by vectors or by text.

The API has no search endpoint of its own:

- vectors (``queries=[...]``, or ``namespace_id=``): a ``feature_search`` retriever holding the query vectors
  is created, executed and deleted (also when the execution fails), as the published client does;
- text (``mp.search("red car", collection="products")``): an ad-hoc execution
  (``POST /v1/retrievers/execute``, the published client's path) of a ``feature_search`` stage over the
  collection's features, the query being embedded by the API.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from mixpeek import models
from mixpeek.client._core import CallOptions, ClientCore, argument_mapping, build_request
from mixpeek.client.retrievers import Retrievers, request_headers
from mixpeek.client.stages import feature_search, feature_search_stage, text_search
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.records import (
        ExecuteRetrieverResponseRecord,
    )

logger = logging.getLogger("mixpeek.client")

#: How many hits a search returns unless told otherwise (the published client's ``limit`` default).
DEFAULT_TOP_K = 10
#: The name of the ephemeral retriever of a vector search, followed by a random suffix.
EPHEMERAL_PREFIX = "sdk-byov-search-"


def search_entry(position: int, query: Mapping[str, Any]) -> dict[str, Any]:
    """One ``searches`` entry from a query in any of the accepted spellings.

    ``{"feature_uri", "query": {...}}`` is the stage's own form and is kept; ``{"vector_name" or
    "feature_uri", "vector" (or "value"): [...]}`` becomes ``{"feature_uri", "query": {"input_mode":
    "vector", "value": [...]}}``. Other keys (``top_k`` ...) are kept. The caller's dict is not changed.
    """
    entry = dict(query)
    if "feature_uri" not in entry and "vector_name" in entry:
        entry["feature_uri"] = entry.pop("vector_name")
    if "query" not in entry:
        vector = entry.pop("vector", entry.pop("value", None))
        if vector is not None:
            entry["query"] = {"input_mode": "vector", "value": _numbers(position, vector)}
    if not entry.get("feature_uri") or not isinstance(entry.get("query"), Mapping):
        raise ApiValueError(
            f"query {position} needs 'feature_uri' (or 'vector_name') and 'vector' (or a 'query' object), "
            f"got keys {sorted(query)}"
        )
    if "top_k" in entry:
        try:
            entry["top_k"] = int(entry["top_k"])
        except (TypeError, ValueError) as exc:
            raise ApiValueError(f"query {position}: 'top_k' must be an int, got {entry['top_k']!r}") from exc
    return entry


def _numbers(position: int, vector: Any) -> list[float]:
    try:
        return [float(value) for value in vector]
    except (TypeError, ValueError) as exc:
        raise ApiValueError(f"query {position}: 'vector' must be a list of numbers: {exc}") from exc


class Search:
    """Callable behind ``Mixpeek.search``."""

    def __init__(self, core: ClientCore, retrievers: Retrievers) -> None:
        self._core = core
        self._retrievers = retrievers

    def by_vectors(
        self,
        queries: Sequence[Mapping[str, Any]],
        *,
        top_k: int,
        filters: Optional[Mapping[str, Any]],
        write_token: Optional[str],
        options: CallOptions,
        fields: Mapping[str, Any],
        caller: Callable[..., Any],
    ) -> ExecuteRetrieverResponseRecord:
        """Create a retriever holding the query vectors, execute it, delete it. ``fields`` are more
        `CreateRetrieverRequest` fields; the hits kept are the largest ``top_k`` of the queries, or
        ``top_k``. A refused request names ``caller`` (the method the user called)."""
        if not queries:
            raise ApiValueError("a vector search needs queries=[{'feature_uri': ..., 'vector': [...]}]")
        searches = [search_entry(position, query) for position, query in enumerate(queries)]
        filter_dict = (
            argument_mapping(filters, "filters", caller=caller) if filters else None
        )  # before sending
        final_top_k = max(int(entry.get("top_k", top_k)) for entry in searches)
        created = self._retrievers._create(
            f"{EPHEMERAL_PREFIX}{uuid.uuid4().hex[:8]}",
            [feature_search(searches, final_top_k, caller=caller)],
            fields,
            options,
            caller=caller,
        )
        retriever_id = str(created["retriever_id"])
        try:
            executed = self._retrievers._execute(
                retriever_id,
                {},
                {"filters": filter_dict, **options},
                write_token=write_token,
                caller=caller,
            )
            return cast("ExecuteRetrieverResponseRecord", executed)  # not streamed, so one response
        finally:
            self._delete_quietly(retriever_id, options)

    def by_text(
        self,
        query: str,
        *,
        collection: Optional[str],
        feature_uri: Optional[str],
        top_k: int,
        filters: Optional[Mapping[str, Any]],
        write_token: Optional[str],
        options: CallOptions,
        fields: Mapping[str, Any],
        caller: Callable[..., Any],
    ) -> ExecuteRetrieverResponseRecord:
        """An ad-hoc execution of a text ``feature_search`` over ``collection`` (over ``feature_uri``, else
        the collection's primary features). ``fields`` are more `AdhocExecuteRequest` fields; a refused
        request names ``caller`` (the method the user called)."""
        if collection is None:
            raise ApiValueError(
                "a text search needs the collection to search: search('...', collection='...')"
            )
        uris = [feature_uri] if feature_uri else self._text_features(collection, options)
        searches = [text_search(uri, "{{INPUT.query}}", top_k=top_k) for uri in uris]
        request = build_request(
            models.AdhocExecuteRequest,
            {
                "stages": [feature_search_stage(*searches, final_top_k=top_k)],
                "collection_identifiers": [collection],
                "input_schema": {"query": {"type": "text", "required": True}},
                "inputs": {"query": query},
                "filters": argument_mapping(filters, "filters", caller=caller) if filters else None,
                **fields,
            },
            caller=caller,
        )
        result: ExecuteRetrieverResponseRecord = self._core.call(
            self._core.adhoc_retrievers.execute_adhoc_retriever,
            request,
            options=options,
            headers=request_headers(write_token),
        )
        return result  # the ad-hoc execution answers what a stored retriever's execution does

    def _text_features(self, collection: str, options: CallOptions) -> list[str]:
        """The collection's primary features (or all of them when none is marked primary)."""
        described = self._core.call(
            self._core.collections.describe_collection_features, collection, options=options
        )
        features = list(described.get("features") or [])
        primary = [feature for feature in features if feature.get("primary")]
        uris = [
            str(feature["feature_uri"]) for feature in (primary or features) if feature.get("feature_uri")
        ]
        if not uris:
            raise ApiValueError(f"collection {collection!r} has no searchable features; pass feature_uri=")
        return uris

    def _delete_quietly(self, retriever_id: str, options: CallOptions) -> None:
        """Remove the ephemeral retriever; a failure here must not hide the search's own result or error."""
        try:
            self._retrievers.delete(retriever_id, **options)
        except Exception:
            logger.warning("could not delete ephemeral retriever %s", retriever_id, exc_info=True)
