"""Typed access to the generated ``*Api`` classes the client uses, each imported on first use.

Importing an API module only when a resource first needs it keeps ``from mixpeek import Mixpeek`` about as
light as importing the runtime: a client that only searches never loads the webhooks module.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from mixpeek._api_base import BaseApi
    from mixpeek.api import (
        AdhocRetrieversApi,
        BucketBatchesApi,
        BucketObjectsApi,
        BucketsApi,
        BucketUploadsApi,
        BYODocumentsApi,
        CollectionDocumentsApi,
        CollectionsApi,
        DocumentsApi,
        FeatureSearchApi,
        NamespaceCloneApi,
        NamespacesApi,
        PublishedRetrieversApi,
        RetrieverEvaluationsApi,
        RetrieverInteractionsApi,
        RetrieversApi,
        TasksApi,
        TaxonomiesApi,
        WebhooksApi,
    )
    from mixpeek.api_client import ApiClient

ApiT = TypeVar("ApiT", bound="BaseApi")


class GeneratedApis:
    """One instance per generated API class, bound to one `ApiClient` and created when first used."""

    def __init__(self, api_client: ApiClient) -> None:
        self.api_client = api_client
        self._instances: dict[type[BaseApi], BaseApi] = {}
        self._lock = threading.Lock()

    def api(self, api_class: type[ApiT]) -> ApiT:
        """The instance of ``api_class`` for this client (created on first use, then reused)."""
        with self._lock:
            instance = self._instances.get(api_class)
            if instance is None:
                instance = api_class(self.api_client)
                self._instances[api_class] = instance
            return cast(ApiT, instance)

    @property
    def bucket_objects(self) -> BucketObjectsApi:
        """The `BucketObjectsApi` operations."""
        from mixpeek.api import BucketObjectsApi

        return self.api(BucketObjectsApi)

    @property
    def bucket_uploads(self) -> BucketUploadsApi:
        """The `BucketUploadsApi` operations."""
        from mixpeek.api import BucketUploadsApi

        return self.api(BucketUploadsApi)

    @property
    def buckets(self) -> BucketsApi:
        """The `BucketsApi` operations."""
        from mixpeek.api import BucketsApi

        return self.api(BucketsApi)

    @property
    def byo_documents(self) -> BYODocumentsApi:
        """The `BYODocumentsApi` operations."""
        from mixpeek.api import BYODocumentsApi

        return self.api(BYODocumentsApi)

    @property
    def collection_documents(self) -> CollectionDocumentsApi:
        """The `CollectionDocumentsApi` operations."""
        from mixpeek.api import CollectionDocumentsApi

        return self.api(CollectionDocumentsApi)

    @property
    def collections(self) -> CollectionsApi:
        """The `CollectionsApi` operations."""
        from mixpeek.api import CollectionsApi

        return self.api(CollectionsApi)

    @property
    def documents(self) -> DocumentsApi:
        """The `DocumentsApi` operations."""
        from mixpeek.api import DocumentsApi

        return self.api(DocumentsApi)

    @property
    def namespace_clone(self) -> NamespaceCloneApi:
        """The `NamespaceCloneApi` operations."""
        from mixpeek.api import NamespaceCloneApi

        return self.api(NamespaceCloneApi)

    @property
    def namespaces(self) -> NamespacesApi:
        """The `NamespacesApi` operations."""
        from mixpeek.api import NamespacesApi

        return self.api(NamespacesApi)

    @property
    def retrievers(self) -> RetrieversApi:
        """The `RetrieversApi` operations."""
        from mixpeek.api import RetrieversApi

        return self.api(RetrieversApi)

    @property
    def tasks(self) -> TasksApi:
        """The `TasksApi` operations."""
        from mixpeek.api import TasksApi

        return self.api(TasksApi)

    @property
    def taxonomies(self) -> TaxonomiesApi:
        """The `TaxonomiesApi` operations."""
        from mixpeek.api import TaxonomiesApi

        return self.api(TaxonomiesApi)

    @property
    def webhooks(self) -> WebhooksApi:
        """The `WebhooksApi` operations."""
        from mixpeek.api import WebhooksApi

        return self.api(WebhooksApi)

    @property
    def adhoc_retrievers(self) -> AdhocRetrieversApi:
        """The `AdhocRetrieversApi` operations."""
        from mixpeek.api import AdhocRetrieversApi

        return self.api(AdhocRetrieversApi)

    @property
    def bucket_batches(self) -> BucketBatchesApi:
        """The `BucketBatchesApi` operations."""
        from mixpeek.api import BucketBatchesApi

        return self.api(BucketBatchesApi)

    @property
    def feature_search(self) -> FeatureSearchApi:
        """The `FeatureSearchApi` operations."""
        from mixpeek.api import FeatureSearchApi

        return self.api(FeatureSearchApi)

    @property
    def published_retrievers(self) -> PublishedRetrieversApi:
        """The `PublishedRetrieversApi` operations."""
        from mixpeek.api import PublishedRetrieversApi

        return self.api(PublishedRetrieversApi)

    @property
    def retriever_evaluations(self) -> RetrieverEvaluationsApi:
        """The `RetrieverEvaluationsApi` operations."""
        from mixpeek.api import RetrieverEvaluationsApi

        return self.api(RetrieverEvaluationsApi)

    @property
    def retriever_interactions(self) -> RetrieverInteractionsApi:
        """The `RetrieverInteractionsApi` operations."""
        from mixpeek.api import RetrieverInteractionsApi

        return self.api(RetrieverInteractionsApi)
