"""``mp.collections``: collections of processed documents (create, list, get, update, delete, clone)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import CloneCollectionResponse, CollectionResponse, DescribeCollectionFeaturesResponse


class Collections:
    """Every method takes ``namespace=`` to override the client's default namespace for that call."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, collection_name: str, source: Any, *, namespace: Optional[str] = None, **fields: Any
    ) -> CollectionResponse:
        """Create a collection fed by ``source`` (``{"type": "bucket", "bucket_ids": [...]}`` or another
        collection), with the other `CreateCollectionRequest` fields (feature_extractor, description ...)."""
        request = build_request(
            models.CreateCollectionRequest, {"collection_name": collection_name, "source": source, **fields}
        )
        return self._core.collections.create_collection(request, x_namespace=self._core.namespace(namespace))

    def list(
        self, *, limit: Optional[int] = None, namespace: Optional[str] = None, **filters: Any
    ) -> Paginator[CollectionResponse]:
        """Every collection, page by page (``filters``: `ListCollectionsRequest` fields: search, sort ...)."""
        body = build_request(models.ListCollectionsRequest, filters)
        api, x_namespace = self._core.collections, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_collections(
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_collections_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(self, collection_identifier: str, *, namespace: Optional[str] = None) -> CollectionResponse:
        """One collection by id or name."""
        return self._core.collections.get_collection(
            collection_identifier, x_namespace=self._core.namespace(namespace)
        )

    def update(
        self, collection_identifier: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> CollectionResponse:
        """Change some fields of a collection (sent as a partial update)."""
        return self._core.collections.update_collection(
            collection_identifier, dict(fields), x_namespace=self._core.namespace(namespace)
        )

    def delete(self, collection_identifier: str, *, namespace: Optional[str] = None) -> Any:
        """Delete a collection and its documents."""
        return self._core.collections.delete_collection(
            collection_identifier, x_namespace=self._core.namespace(namespace)
        )

    def clone(
        self,
        collection_identifier: str,
        collection_name: str,
        *,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> CloneCollectionResponse:
        """Copy a collection under a new name (`CloneCollectionRequest` fields)."""
        request = build_request(models.CloneCollectionRequest, {"collection_name": collection_name, **fields})
        return self._core.collections.clone_collection(
            collection_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def features(
        self, collection_identifier: str, *, namespace: Optional[str] = None
    ) -> DescribeCollectionFeaturesResponse:
        """The searchable features (``feature_uri`` values) of a collection."""
        return self._core.collections.describe_collection_features(
            collection_identifier, x_namespace=self._core.namespace(namespace)
        )
