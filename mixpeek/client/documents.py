"""``mp.documents``: the documents of a collection (list, get, update, delete, batch_update, search ...)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional, Union, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    argument_list,
    argument_mappings,
    build_request,
    split_options,
)
from mixpeek.client.pagination import Paginator, paginator
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        DocumentsBatchGetFields,
        DocumentsBatchUpdateFields,
        DocumentsCreateFields,
        DocumentsListFields,
        DocumentsSearchFields,
    )
    from mixpeek.records import (
        BatchGetDocumentsResponseRecord,
        BatchUpdateDocumentsResponseRecord,
        DocumentResponseRecord,
        GenericDeleteResponseRecord,
        ListDocumentsResponseRecord,
    )

#: How many documents a page of `Documents.list` holds unless told otherwise (as in the published client).
DEFAULT_PAGE_SIZE = 100
#: How many hits `Documents.search` returns unless told otherwise (as in the published client).
DEFAULT_SEARCH_SIZE = 10


class Documents:
    """Every method also takes the per-call options of `CallOptions` (``namespace=``, ``timeout=``,
    ``max_retries=``, ``_headers=``); where a method takes free keyword arguments, ``namespace_id=`` also
    chooses the namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(self, collection_id: str, **fields: Unpack[DocumentsCreateFields]) -> DocumentResponseRecord:
        """Add one document to a collection (`DocumentCreateRequest` fields: metadata, vectors ...)."""
        body, options = split_options(fields)
        request = build_request(models.DocumentCreateRequest, body, caller=self.create)
        return cast(
            "DocumentResponseRecord",
            self._core.call(
                self._core.collection_documents.create_document, collection_id, request, options=options
            ),
        )

    def list(
        self,
        collection_id: str,
        *,
        cursor: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        **fields: Unpack[DocumentsListFields],
    ) -> ListDocumentsResponseRecord:
        """One page of a collection's documents, from ``cursor`` (the previous page's next cursor) or the
        start; `paginate` walks every page. ``fields``: `ListDocumentsRequest` filters (filters, sort ...)."""
        body, options = split_options(fields)
        return cast(
            "ListDocumentsResponseRecord",
            self._core.call(
                self._core.collection_documents.list_documents,
                collection_id,
                page_size=page_size,
                cursor=cursor,
                list_documents_request=_list_body(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, collection_id: str, *, page_size: Optional[int] = None, **fields: Unpack[DocumentsListFields]
    ) -> Paginator[DocumentResponseRecord]:
        """Every document of a collection, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.collection_documents.list_documents,
            options,
            collection_id,
            page_size=page_size,
            list_documents_request=_list_body(body, caller=self.paginate),
        )

    def get(
        self,
        collection_id: str,
        document_id: str,
        *,
        return_vectors: Optional[bool] = None,
        return_presigned_urls: Optional[bool] = None,
        **options: Unpack[CallOptions],
    ) -> DocumentResponseRecord:
        """One document of a collection."""
        return cast(
            "DocumentResponseRecord",
            self._core.call(
                self._core.collection_documents.get_document,
                collection_id,
                document_id,
                return_presigned_urls=return_presigned_urls,
                return_vectors=return_vectors,
                options=options,
            ),
        )

    def update(
        self,
        collection_id: str,
        document_id: str,
        update_data: Optional[Mapping[str, Any]] = None,
        **fields: Any,
    ) -> DocumentResponseRecord:
        """Change some fields of a document (``PATCH``): ``update_data`` and the keyword fields, merged."""
        extra, options = split_options(fields)
        body = {**(update_data or {}), **extra}
        if not body:
            raise ApiValueError("update() needs the fields to change: update_data={...}")
        return cast(
            "DocumentResponseRecord",
            self._core.call(
                self._core.collection_documents.patch_document,
                collection_id,
                document_id,
                body,
                options=options,
            ),
        )

    def delete(
        self, collection_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> GenericDeleteResponseRecord:
        """Delete one document of a collection."""
        return cast(
            "GenericDeleteResponseRecord",
            self._core.call(
                self._core.collection_documents.delete_document, collection_id, document_id, options=options
            ),
        )

    def batch_update(
        self,
        collection_id: str,
        *,
        updates: Optional[Sequence[Mapping[str, Any]]] = None,
        **fields: Unpack[DocumentsBatchUpdateFields],
    ) -> BatchUpdateDocumentsResponseRecord:
        """Update many documents in one request: ``updates`` (each a document id and its changes), or
        ``filters`` with one ``update_data`` for every match (`BatchUpdateDocumentsRequest`)."""
        body, options = split_options(fields)
        request = build_request(
            models.BatchUpdateDocumentsRequest,
            {
                "updates": argument_mappings(updates, "updates", caller=self.batch_update)
                if updates is not None
                else None,
                **body,
            },
            caller=self.batch_update,
        )
        return cast(
            "BatchUpdateDocumentsResponseRecord",
            self._core.call(
                self._core.collection_documents.batch_update, collection_id, request, options=options
            ),
        )

    def search(
        self,
        *,
        collection_ids: Optional[Sequence[str]] = None,
        query: Union[str, Mapping[str, Any], None] = None,
        page_size: int = DEFAULT_SEARCH_SIZE,
        **fields: Unpack[DocumentsSearchFields],
    ) -> Any:
        """Search documents of ``collection_ids`` by ``query`` (text, or a `FeatureSearchQuery` dict) and
        return the ``page_size`` best hits, through ``POST /v1/features/search`` (API 0.82 has no
        ``/v1/documents/search``). ``fields``: feature_uri, filters, and per-call options."""
        body, options = split_options(fields)
        search_query = {"input_mode": "text", "text": query} if isinstance(query, str) else query
        request = build_request(
            models.FeatureSearchRequest,
            {
                "collection_identifiers": argument_list(collection_ids, "collection_ids", caller=self.search)
                if collection_ids is not None
                else None,
                "query": search_query,
                "top_k": page_size,
                **body,
            },
            caller=self.search,
        )
        return self._core.call(self._core.feature_search.feature_search, request, options=options)

    def batch_get(
        self, document_ids: Sequence[str], **fields: Unpack[DocumentsBatchGetFields]
    ) -> BatchGetDocumentsResponseRecord:
        """Several documents of the namespace by id, whatever their collection."""
        body, options = split_options(fields)
        request = build_request(
            models.BatchGetDocumentsRequest,
            {"document_ids": argument_list(document_ids, "document_ids", caller=self.batch_get), **body},
            caller=self.batch_get,
        )
        return cast(
            "BatchGetDocumentsResponseRecord",
            self._core.call(self._core.documents.batch_get, request, options=options),
        )


def _list_body(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListDocumentsRequest]:
    return build_request(models.ListDocumentsRequest, body, caller=caller) if body else None
