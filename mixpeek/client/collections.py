"""``mp.collections``: collections of processed documents (create, list, get, update, clone, trigger ...)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional, Union, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    argument_mapping,
    build_request,
    create_or_existing,
    required_name,
    split_options,
)
from mixpeek.client.pagination import Paginator, paginator
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.models import (
        SharedCollectionFeaturesExtractorsModelsFeatureExtractorConfigInput as Extractor,
    )
    from mixpeek.models import SourceConfigInput
    from mixpeek.params import (
        SharedCollectionFeaturesExtractorsModelsFeatureExtractorConfigInputParam,
        SourceConfigInputParam,
    )

    #: What `create(feature_extractor=...)` takes: the model, or its dict.
    ExtractorConfig = Union[
        Extractor, SharedCollectionFeaturesExtractorsModelsFeatureExtractorConfigInputParam
    ]
    from mixpeek.client._fields import (
        CollectionsCloneFields,
        CollectionsCreateFields,
        CollectionsListFields,
        CollectionsTriggerFields,
    )
    from mixpeek.records import (
        CloneCollectionResponseRecord,
        CollectionResponseRecord,
        DescribeCollectionFeaturesResponseRecord,
        ListCollectionsResponseRecord,
        TriggerCollectionResponseRecord,
    )


class Collections:
    """Every method also takes the per-call options of `CallOptions` (``namespace=``, ``timeout=``,
    ``max_retries=``, ``_headers=``); where a method takes free keyword arguments, ``namespace_id=`` also
    chooses the namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self,
        collection_name: Optional[str] = None,
        source: Union[SourceConfigInput, SourceConfigInputParam, None] = None,
        *,
        name: Optional[str] = None,
        feature_extractor: Optional[ExtractorConfig] = None,
        exist_ok: bool = False,
        **fields: Unpack[CollectionsCreateFields],
    ) -> CollectionResponseRecord:
        """Create a collection fed by ``source`` (``{"type": "bucket", "bucket_ids": [...]}`` or another
        collection), named ``collection_name`` (or ``name``), with the other `CreateCollectionRequest`
        fields (feature_extractor, description ...). With ``exist_ok=True`` an existing collection of that
        name is returned when it matches, and `ExistsDifferentlyError` says how when it does not."""
        body, options = split_options(fields)
        resolved = required_name(
            collection_name or name or body.pop("collection_name", None),
            "collection_name",
            "the collection's name",
            model=models.CreateCollectionRequest,
            given=body,
            caller=self.create,
        )
        request = build_request(
            models.CreateCollectionRequest,
            {"collection_name": resolved, "source": source, "feature_extractor": feature_extractor, **body},
            caller=self.create,
        )
        return cast(
            "CollectionResponseRecord",
            create_or_existing(
                lambda: self._core.call(self._core.collections.create_collection, request, options=options),
                lambda: self._core.call(self._core.collections.get_collection, resolved, options=options),
                request,
                f"the collection {resolved!r}",
                exist_ok,
            ),
        )

    def list(
        self, *, limit: Optional[int] = None, **fields: Unpack[CollectionsListFields]
    ) -> ListCollectionsResponseRecord:
        """The first page of collections (``POST /v1/collections/list``); `paginate` walks every page.

        ``fields`` are `ListCollectionsRequest` filters (search, sort ...) and per-call options.
        """
        body, options = split_options(fields)
        return cast(
            "ListCollectionsResponseRecord",
            self._core.call(
                self._core.collections.list_collections,
                limit=limit,
                list_collections_request=_filters(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[CollectionsListFields]
    ) -> Paginator[CollectionResponseRecord]:
        """Every collection, page by page, fetched as iteration reaches it (``fields`` as for `list`)."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.collections.list_collections,
            options,
            limit=limit,
            list_collections_request=_filters(body, caller=self.paginate),
        )

    def get(self, collection_id: str, **options: Unpack[CallOptions]) -> CollectionResponseRecord:
        """One collection by id or name."""
        return cast(
            "CollectionResponseRecord",
            self._core.call(self._core.collections.get_collection, collection_id, options=options),
        )

    def update(
        self, collection_id: str, updates: Optional[Mapping[str, Any]] = None, **fields: Any
    ) -> CollectionResponseRecord:
        """Change some fields of a collection (``PATCH``): ``updates`` and the keyword fields, merged."""
        extra, options = split_options(fields)
        body = {**(updates or {}), **extra}
        if not body:
            raise ApiValueError("update() needs at least one field to change (a dict, or keyword arguments)")
        return cast(
            "CollectionResponseRecord",
            self._core.call(self._core.collections.update_collection, collection_id, body, options=options),
        )

    def delete(self, collection_id: str, **options: Unpack[CallOptions]) -> Any:
        """Delete a collection and its documents."""
        return self._core.call(self._core.collections.delete_collection, collection_id, options=options)

    def trigger(
        self, collection_id: str, **fields: Unpack[CollectionsTriggerFields]
    ) -> TriggerCollectionResponseRecord:
        """Process the collection's source again (`TriggerCollectionRequest` fields: object_ids,
        include_buckets, reembed ...); the answer names the batch and task that do it."""
        body, options = split_options(fields)
        request = build_request(models.TriggerCollectionRequest, body, caller=self.trigger) if body else None
        return cast(
            "TriggerCollectionResponseRecord",
            self._core.call(
                self._core.collections.trigger_collection, collection_id, request, options=options
            ),
        )

    def clone(
        self,
        collection_id: str,
        body: Optional[Mapping[str, Any]] = None,
        *,
        collection_name: Optional[str] = None,
        name: Optional[str] = None,
        **fields: Unpack[CollectionsCloneFields],
    ) -> CloneCollectionResponseRecord:
        """Copy a collection under a new name (``collection_name=``, ``name=`` or in ``body``), with
        overrides of the other `CloneCollectionRequest` fields from ``body`` and the keyword arguments."""
        extra, options = split_options(fields)
        merged = {**argument_mapping(body or {}, "body", caller=self.clone), **extra}
        resolved = required_name(
            collection_name or name or merged.pop("collection_name", None),
            "collection_name",
            "the new collection's name",
            model=models.CloneCollectionRequest,
            given=merged,
            caller=self.clone,
        )
        merged.pop("collection_name", None)
        request = build_request(
            models.CloneCollectionRequest, {"collection_name": resolved, **merged}, caller=self.clone
        )
        return cast(
            "CloneCollectionResponseRecord",
            self._core.call(self._core.collections.clone_collection, collection_id, request, options=options),
        )

    def features(
        self, collection_id: str, **options: Unpack[CallOptions]
    ) -> DescribeCollectionFeaturesResponseRecord:
        """The searchable features (``feature_uri`` values) of a collection."""
        return cast(
            "DescribeCollectionFeaturesResponseRecord",
            self._core.call(
                self._core.collections.describe_collection_features, collection_id, options=options
            ),
        )


def _filters(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListCollectionsRequest]:
    return build_request(models.ListCollectionsRequest, body, caller=caller) if body else None
