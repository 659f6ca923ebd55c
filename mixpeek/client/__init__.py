"""The high-level Mixpeek client: ``from mixpeek import Mixpeek``.

``mp = Mixpeek(api_key="sk_...", namespace="my-vectors")`` then ``mp.namespaces``, ``mp.collections``,
``mp.documents``, ``mp.buckets``, ``mp.retrievers``, ``mp.evaluations``, ``mp.tasks``, ``mp.batches``,
``mp.taxonomies``, ``mp.webhooks``, ``mp.search(...)`` and ``mp.index(...)``. Every method calls the generated
``*Api`` operations and returns the API's JSON as `Record` dicts (attribute access included); HTTP errors are
`MixpeekAPIError`. ``feature_search_stage`` (with ``vector_search`` / ``text_search``) builds the most common
retriever stage (see `mixpeek.client.stages`).
"""

from mixpeek.client._client import Mixpeek
from mixpeek.client._core import CallOptions, TransportOptions
from mixpeek.client.bulk_upsert import FailedBatch, UpsertProgress, UpsertResult
from mixpeek.client.errors import (
    BulkUpsertError,
    HitPositionError,
    MissingApiKeyError,
    MixpeekAPIError,
    UnsupportedOperationError,
)
from mixpeek.client.pagination import Page, Paginator
from mixpeek.client.stages import feature_search_stage, text_search, vector_search
from mixpeek.client.streaming import RetrieverStreamEvent

__all__ = [
    "BulkUpsertError",
    "CallOptions",
    "FailedBatch",
    "HitPositionError",
    "MissingApiKeyError",
    "Mixpeek",
    "MixpeekAPIError",
    "Page",
    "Paginator",
    "RetrieverStreamEvent",
    "TransportOptions",
    "UnsupportedOperationError",
    "UpsertProgress",
    "UpsertResult",
    "feature_search_stage",
    "text_search",
    "vector_search",
]
