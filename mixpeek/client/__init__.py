"""The high-level Mixpeek client: ``from mixpeek import Mixpeek``.

``mp = Mixpeek(api_key="sk_...", namespace="my-vectors")`` then ``mp.namespaces``, ``mp.collections``,
``mp.documents``, ``mp.buckets``, ``mp.retrievers``, ``mp.taxonomies``, ``mp.tasks``, ``mp.webhooks`` and
``mp.search(...)``. Every method calls the generated ``*Api`` operations and returns their typed models.
"""

from mixpeek.client._client import Mixpeek
from mixpeek.client.bulk_upsert import FailedBatch, UpsertProgress, UpsertResult
from mixpeek.client.errors import BulkUpsertError, MissingApiKeyError
from mixpeek.client.pagination import Page, Paginator
from mixpeek.client.streaming import RetrieverStreamEvent

__all__ = [
    "BulkUpsertError",
    "FailedBatch",
    "MissingApiKeyError",
    "Mixpeek",
    "Page",
    "Paginator",
    "RetrieverStreamEvent",
    "UpsertProgress",
    "UpsertResult",
]
