"""``mp.documents``: the documents of a collection (create, list, get, update, delete, batch_get)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import BatchGetDocumentsResponse, DocumentResponse, GenericDeleteResponse


class Documents:
    """Every method takes ``namespace=`` to override the client's default namespace for that call."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, collection_identifier: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> DocumentResponse:
        """Add one document to a collection (`DocumentCreateRequest` fields: metadata, vectors ...)."""
        request = build_request(models.DocumentCreateRequest, fields)
        return self._core.collection_documents.create_document(
            collection_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def list(
        self,
        collection_identifier: str,
        *,
        limit: Optional[int] = None,
        namespace: Optional[str] = None,
        **filters: Any,
    ) -> Paginator[DocumentResponse]:
        """Every document of a collection, page by page (``filters``: `ListDocumentsRequest` fields)."""
        body = build_request(models.ListDocumentsRequest, filters)
        api, x_namespace = self._core.collection_documents, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_documents(
                collection_identifier,
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_documents_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(
        self,
        collection_identifier: str,
        document_id: str,
        *,
        return_vectors: Optional[bool] = None,
        return_presigned_urls: Optional[bool] = None,
        namespace: Optional[str] = None,
    ) -> DocumentResponse:
        """One document of a collection."""
        return self._core.collection_documents.get_document(
            collection_identifier,
            document_id,
            return_presigned_urls=return_presigned_urls,
            return_vectors=return_vectors,
            x_namespace=self._core.namespace(namespace),
        )

    def update(
        self, collection_identifier: str, document_id: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> DocumentResponse:
        """Change some fields of a document (sent as a partial update)."""
        return self._core.collection_documents.patch_document(
            collection_identifier, document_id, dict(fields), x_namespace=self._core.namespace(namespace)
        )

    def delete(
        self, collection_identifier: str, document_id: str, *, namespace: Optional[str] = None
    ) -> GenericDeleteResponse:
        """Delete one document of a collection."""
        return self._core.collection_documents.delete_document(
            collection_identifier, document_id, x_namespace=self._core.namespace(namespace)
        )

    def batch_get(
        self, document_ids: Sequence[str], *, namespace: Optional[str] = None, **fields: Any
    ) -> BatchGetDocumentsResponse:
        """Several documents of the namespace by id, whatever their collection."""
        request = build_request(
            models.BatchGetDocumentsRequest, {"document_ids": list(document_ids), **fields}
        )
        return self._core.documents.batch_get(request, x_namespace=self._core.namespace(namespace))
