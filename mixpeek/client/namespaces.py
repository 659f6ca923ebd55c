"""``mp.namespaces``: managed and standalone (bring-your-own-vectors) namespaces, and their documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, overload

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.bulk_upsert import (
    MAX_BATCH_SIZE,
    Batch,
    ProgressCallback,
    UpsertResult,
    upsert_in_batches,
)
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import (
        BYOUpsertResponse,
        CloneNamespaceResponse,
        GenericDeleteResponse,
        NamespaceModel,
        PromoteNamespaceResponseModel,
        PromoteValidateResponseModel,
        StandaloneNamespaceResponseModel,
    )

NamespaceMode = Literal["managed", "standalone"]


class NamespaceDocuments:
    """``mp.namespaces.documents``: direct writes of documents with your own vectors (no pipeline)."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def upsert(
        self,
        namespace_id: str,
        documents: Iterable[Union[Mapping[str, Any], models.BYODocument]],
        *,
        options: Union[Mapping[str, Any], models.UpsertOptions, None] = None,
        collection_id: Optional[str] = None,
        batch_size: int = MAX_BATCH_SIZE,
        concurrency: int = 1,
        progress: Union[bool, ProgressCallback, None] = None,
    ) -> UpsertResult:
        """Insert or replace documents (``document_id``, ``vectors``, ``payload`` ...) in a namespace.

        Any number of documents (any iterable, read lazily) is sent in batches of ``batch_size`` (the API
        takes at most 1,000 per request), ``concurrency`` batches at a time. ``options`` is the request's
        ``UpsertOptions`` (``{"write_token": True}`` asks for a read-your-writes token); each batch gets its
        own ``idempotency_key`` there and as the runtime's idempotency option, so a retried batch is not
        written twice (a caller's ``idempotency_key`` is used as the base). ``progress`` is a callback
        receiving `UpsertProgress` after each batch, or True for a tqdm bar when tqdm is installed.

        Returns the summed `UpsertResult` (``res["write_token"]`` is the last batch's token). Raises
        `BulkUpsertError` naming written and unwritten documents when a batch fails.
        """
        base_options = _options_dict(options)
        api = self._core.byo_documents

        def send(batch: Batch) -> BYOUpsertResponse:
            request = build_request(
                models.BYOUpsertRequest,
                {
                    "collection_id": collection_id,
                    "documents": batch.documents,
                    "options": {**base_options, "idempotency_key": batch.idempotency_key},
                },
            )
            return api.upsert_documents_byo_namespaces(
                namespace_id,
                request,
                x_namespace=namespace_id,
                _idempotency_key=batch.idempotency_key,
            )

        return upsert_in_batches(
            send,
            documents,
            batch_size=batch_size,
            concurrency=concurrency,
            idempotency_key=base_options.get("idempotency_key"),
            progress=progress,
        )

    def get(self, namespace_id: str, document_id: str, *, return_vectors: Optional[bool] = None) -> Any:
        """One document of a namespace, as the API returns it (vectors included when ``return_vectors``)."""
        return self._core.byo_documents.get_document_byo_namespaces(
            namespace_id, document_id, return_vectors=return_vectors, x_namespace=namespace_id
        )

    def delete(self, namespace_id: str, document_id: str, *, collection_id: str) -> GenericDeleteResponse:
        """Delete one document.

        The API deletes documents through the collection that holds them, so ``collection_id`` is needed
        (the one given to `upsert`, or the namespace's default collection).
        """
        return self._core.collection_documents.delete_document(
            collection_id, document_id, x_namespace=namespace_id
        )


def _options_dict(options: Union[Mapping[str, Any], models.UpsertOptions, None]) -> dict[str, Any]:
    """The caller's upsert options as a plain dict, validated against `UpsertOptions`."""
    if options is None:
        return {}
    validated = (
        options if isinstance(options, models.UpsertOptions) else build_request(models.UpsertOptions, options)
    )
    return validated.model_dump(exclude_none=True)


class Namespaces:
    """``mp.namespaces``: create, list, get, update, delete, clone, promote and validate_promotion."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core
        self.documents = NamespaceDocuments(core)

    @overload
    def create(
        self,
        namespace_id: Optional[str] = None,
        *,
        mode: Literal["standalone"],
        vector_configs: Optional[Sequence[Any]] = None,
        **fields: Any,
    ) -> StandaloneNamespaceResponseModel: ...

    @overload
    def create(
        self,
        namespace_id: Optional[str] = None,
        *,
        mode: Literal["managed"],
        vector_configs: Optional[Sequence[Any]] = None,
        **fields: Any,
    ) -> NamespaceModel: ...

    @overload
    def create(
        self,
        namespace_id: Optional[str] = None,
        *,
        mode: None = None,
        vector_configs: Sequence[Any],
        **fields: Any,
    ) -> StandaloneNamespaceResponseModel: ...

    @overload
    def create(
        self,
        namespace_id: Optional[str] = None,
        *,
        mode: None = None,
        vector_configs: None = None,
        **fields: Any,
    ) -> NamespaceModel: ...

    def create(
        self,
        namespace_id: Optional[str] = None,
        *,
        mode: Optional[NamespaceMode] = None,
        vector_configs: Optional[Sequence[Any]] = None,
        **fields: Any,
    ) -> Union[NamespaceModel, StandaloneNamespaceResponseModel]:
        """Create a namespace.

        Standalone (bring your own vectors) when ``mode="standalone"``, or when ``mode`` is not given and
        ``vector_configs`` is: ``POST /v1/namespaces/standalone`` with a
        `CreateStandaloneNamespaceRequestModel`
        (``namespace_id``, ``vector_configs``, ``storage``, ``config``, ``auto_create_indexes``). Otherwise
        managed: ``POST /v1/namespaces`` with a `CreateNamespaceRequest` (``namespace_name`` is required;
        ``feature_extractors``, ``description`` ...).
        """
        if mode is None:
            mode = "standalone" if vector_configs is not None else "managed"
        if mode == "standalone":
            standalone = build_request(
                models.CreateStandaloneNamespaceRequestModel,
                {"namespace_id": namespace_id, "vector_configs": vector_configs, **fields},
            )
            return self._core.byo_documents.create_standalone_namespace(standalone, x_namespace=namespace_id)
        managed = build_request(
            models.CreateNamespaceRequest,
            {"namespace_id": namespace_id, "mode": mode, "vector_configs": vector_configs, **fields},
        )
        return self._core.namespaces.create_namespace(managed)

    def list(self, *, limit: Optional[int] = None, **filters: Any) -> Paginator[NamespaceModel]:
        """Every namespace, page by page (``filters``: `ListNamespacesRequest` fields: search, sort ...)."""
        body = build_request(models.ListNamespacesRequest, filters)
        api = self._core.namespaces

        def fetch(request: PageRequest) -> Any:
            return api.list_namespaces(
                limit=limit, page=request.page, cursor=request.cursor, list_namespaces_request=body
            )

        return Paginator(fetch)

    def get(self, namespace_identifier: str) -> NamespaceModel:
        """One namespace by id or name."""
        return self._core.namespaces.get_namespace(namespace_identifier)

    def update(self, namespace_identifier: str, **fields: Any) -> NamespaceModel:
        """Change some settings of a namespace (`PatchNamespaceRequest`: namespace_name, description ...)."""
        request = build_request(models.PatchNamespaceRequest, fields)
        return self._core.namespaces.patch_namespace(namespace_identifier, request)

    def delete(self, namespace_identifier: str, *, force: Optional[bool] = None) -> Any:
        """Delete a namespace and everything in it."""
        return self._core.namespaces.delete_namespace(namespace_identifier, force=force)

    def clone(self, namespace_identifier: str, namespace_name: str, **fields: Any) -> CloneNamespaceResponse:
        """Copy a namespace under a new name (`CloneNamespaceRequest` fields: include_resources, mode ...)."""
        request = build_request(models.CloneNamespaceRequest, {"namespace_name": namespace_name, **fields})
        return self._core.namespace_clone.clone_namespace(namespace_identifier, request)

    def promote(
        self,
        namespace_id: str,
        *,
        vector_mappings: Optional[Sequence[Any]] = None,
        add_vectors: Optional[Sequence[Any]] = None,
    ) -> PromoteNamespaceResponseModel:
        """Turn a standalone namespace into a managed one: map vector indexes to inference services so
        ``input_mode: "text"`` queries are embedded by the API."""
        request = _promotion(vector_mappings, add_vectors)
        return self._core.byo_documents.promote_namespace(namespace_id, request, x_namespace=namespace_id)

    def validate_promotion(
        self,
        namespace_id: str,
        *,
        vector_mappings: Optional[Sequence[Any]] = None,
        add_vectors: Optional[Sequence[Any]] = None,
    ) -> PromoteValidateResponseModel:
        """Check a promotion without doing it: whether it is valid, errors and suggestions."""
        request = _promotion(vector_mappings, add_vectors)
        return self._core.byo_documents.validate_promotion_namespaces_id_promote(
            namespace_id, request, x_namespace=namespace_id
        )


def _promotion(vector_mappings: Optional[Sequence[Any]], add_vectors: Optional[Sequence[Any]]) -> Any:
    return build_request(
        models.PromoteNamespaceRequestModel, {"vector_mappings": vector_mappings, "add_vectors": add_vectors}
    )
