"""``mp.namespaces``: managed and standalone (bring-your-own-vectors) namespaces, and their documents."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Optional, Union, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    argument_iterable,
    argument_mapping,
    build_request,
    create_or_existing,
    method_name,
    required_name,
    split_options,
    unknown_names,
    with_note,
)
from mixpeek.client.bulk_upsert import (
    MAX_BATCH_SIZE,
    Batch,
    BatchResponse,
    ProgressCallback,
    UpsertResult,
    upsert_in_batches,
)
from mixpeek.client.dataframes import is_table, table_documents
from mixpeek.client.pagination import Paginator, paginator
from mixpeek.exceptions import ApiValueError, RequestValidationError

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        NamespaceDocumentsUpsertFields,
        NamespacesCloneFields,
        NamespacesCreateFields,
        NamespacesListFields,
        NamespacesPromoteFields,
        NamespacesUpdateFields,
    )
    from mixpeek.models import BaseFeatureExtractorModelInput as Extractor
    from mixpeek.models import VectorConfigSpec
    from mixpeek.params import BaseFeatureExtractorModelInputParam, VectorConfigSpecParam
    from mixpeek.records import (
        CloneNamespaceResponseRecord,
        GenericDeleteResponseRecord,
        ListNamespacesResponseRecord,
        NamespaceModelRecord,
        PromoteNamespaceResponseModelRecord,
        PromoteValidateResponseModelRecord,
        StandaloneNamespaceResponseModelRecord,
    )


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
        id_column: Optional[str] = None,
        vector_columns: Union[Mapping[str, str], Sequence[str], str, None] = None,
        payload_columns: Union[Sequence[str], str, None] = None,
        **fields: Unpack[NamespaceDocumentsUpsertFields],
    ) -> UpsertResult:
        """Insert or replace documents (``document_id``, ``vectors``, ``payload`` ...) in a namespace.

        Any number of documents (any iterable, read lazily) is sent in batches of ``batch_size`` (the API
        takes at most 1,000 per request), ``concurrency`` batches at a time. ``options`` is the request's
        ``UpsertOptions`` (``{"write_token": True}`` asks for a read-your-writes token); each batch gets its
        own ``idempotency_key`` there and as the runtime's idempotency option, so a retried batch is not
        written twice (a caller's ``idempotency_key`` is used as the base). ``progress`` is a callback
        receiving `UpsertProgress` after each batch, or True for a progress bar (tqdm's, notebook-aware, when
        tqdm is installed; else a plain one on stderr).

        ``documents`` may also be a pandas DataFrame: ``id_column`` (default ``document_id``) holds each
        document's id, ``vector_columns`` its vectors (``{"column": "vector index"}``, or column names that
        are the index names; default: the ``vector`` column), ``payload_columns`` its payload (default: every
        other column).
        ``fields`` are the per-call options (`CallOptions`); the request has no other fields.

        Returns the summed `UpsertResult`, a dict (``res["write_token"]`` is the last batch's token).
        Raises `BulkUpsertError` naming written and unwritten documents when a batch fails.

        Documents are validated batch by batch, each batch as it is sent: when nothing was written, a wrong
        document raises `RequestValidationError` itself; otherwise it stops the upsert as a failed batch of
        `BulkUpsertError`, whose error is that `RequestValidationError`, its position counted in the whole
        input. (Checking a whole list first would hold every validated document in memory at once, delay
        the first send and, measured on 100,000 documents of 768 floats, cost a fifth more time.)
        """
        extra, call_options = split_options(fields, namespace_keywords=False)
        if is_table(documents):
            documents = table_documents(
                namespace_id,
                documents,
                id_column=id_column,
                vector_columns=vector_columns,
                payload_columns=payload_columns,
            )
        elif (id_column, vector_columns, payload_columns) != (None, None, None):
            raise ApiValueError("id_column, vector_columns and payload_columns apply to a DataFrame only")
        base_options = _options_dict(options, caller=self.upsert)
        documents = argument_iterable(documents, "documents", caller=self.upsert)

        def request_of(
            batch_documents: list[Any], start: int, batch_options: Optional[Mapping[str, Any]] = None
        ) -> models.BYOUpsertRequest:
            """The validated request of the documents from input position ``start`` on, else
            `RequestValidationError` naming `upsert`, with its positions counted in the whole input."""
            fields = {"collection_id": collection_id, "documents": batch_documents, **extra}
            if batch_options is not None:
                fields["options"] = batch_options
            try:
                return build_request(models.BYOUpsertRequest, fields, caller=self.upsert)
            except RequestValidationError as error:
                raise counted_from(error, start) from error.__cause__

        request_of([], 0)  # unknown keywords and a bad collection_id are refused before anything is read
        core, api = self._core, self._core.byo_documents

        def send(batch: Batch) -> BatchResponse:
            """One batch, validated as it is sent: a refusal fails the batch (of the first, it is raised)."""
            batch_options = {**base_options, "idempotency_key": batch.idempotency_key}
            request = request_of(batch.documents, batch.start, batch_options)
            result: BatchResponse = core.call(
                api.upsert_documents_byo_namespaces,
                namespace_id,
                request,
                options=call_options,
                namespace=namespace_id,
                _idempotency_key=batch.idempotency_key,
            )
            return result

        return upsert_in_batches(
            send,
            documents,
            batch_size=batch_size,
            concurrency=concurrency,
            idempotency_key=base_options.get("idempotency_key"),
            progress=progress,
        )

    def get(
        self,
        namespace_id: str,
        document_id: str,
        *,
        return_vectors: Optional[bool] = None,
        **options: Unpack[CallOptions],
    ) -> Any:
        """One document of a namespace, as the API returns it (vectors included when ``return_vectors``)."""
        return self._core.call(
            self._core.byo_documents.get_document_byo_namespaces,
            namespace_id,
            document_id,
            return_vectors=return_vectors,
            options=options,
            namespace=namespace_id,
        )

    def delete(
        self, namespace_id: str, document_id: str, *, collection_id: str, **options: Unpack[CallOptions]
    ) -> GenericDeleteResponseRecord:
        """Delete one document.

        The API deletes documents through the collection that holds them, so ``collection_id`` is needed
        (the one given to `upsert`, or the namespace's default collection).
        """
        return cast(
            "GenericDeleteResponseRecord",
            self._core.call(
                self._core.collection_documents.delete_document,
                collection_id,
                document_id,
                options=options,
                namespace=namespace_id,
            ),
        )


def _options_dict(
    options: Union[Mapping[str, Any], models.UpsertOptions, None], *, caller: Callable[..., Any]
) -> dict[str, Any]:
    """The caller's upsert options as a plain dict, validated against `UpsertOptions`."""
    if options is None:
        return {}
    validated = (
        options
        if isinstance(options, models.UpsertOptions)
        else build_request(
            models.UpsertOptions, argument_mapping(options, "options", caller=caller), caller=caller
        )
    )
    return validated.model_dump(exclude_none=True)


#: The namespace modes the client knows (the API's ``mode`` field is free text, "managed" by default).
NAMESPACE_MODES = ("standalone", "managed")


def _refuse_misspelt_mode(mode: Optional[str], *, caller: Callable[..., Any]) -> None:
    """`RequestValidationError` for a ``mode`` close to a known one but not it (``"standalon"``): sent as
    it is, it would make a managed namespace, and the refusal would be about fields the caller never set.
    A mode unlike both is left to the API."""
    if mode is None or mode in NAMESPACE_MODES or not difflib.get_close_matches(mode, NAMESPACE_MODES, n=1):
        return
    raise RequestValidationError(
        f"{method_name(caller)}: mode {unknown_names([mode], NAMESPACE_MODES)} is not a namespace mode; "
        f"the modes are: {', '.join(NAMESPACE_MODES)}; nothing was sent",
        [(("mode",), f"expected one of {', '.join(NAMESPACE_MODES)}")],
    )


@contextmanager
def _derived(field: str, source: Optional[tuple[str, Any]]) -> Iterator[None]:
    """A refusal of ``field`` inside the block, when its value was not given but taken from another
    argument (``source``: its description and value), says so: the caller never wrote that value."""
    try:
        yield
    except RequestValidationError as error:
        if source is None or not any(location[:1] == (field,) for location, _ in error.errors):
            raise
        note = f"{field} was not given: it was taken from {source[0]}={source[1]!r}"
        raise with_note(error, note) from error.__cause__


def counted_from(error: RequestValidationError, start: int) -> RequestValidationError:
    """``error``, the refusal of the documents from input position ``start`` on, with its positions
    (``documents.3``) counted in the whole input (``documents.1003``), in its message and its ``errors``."""
    if not start:
        return error
    shifted = [(_shifted(location, start), reason) for location, reason in error.errors]
    message = re.sub(r"\bdocuments\.(\d+)", lambda found: f"documents.{int(found[1]) + start}", str(error))
    return RequestValidationError(message, shifted)


def _shifted(location: tuple[Any, ...], start: int) -> tuple[Any, ...]:
    """A problem's location with its document position moved by ``start`` (an int, or digits as text)."""
    if len(location) > 1 and location[0] == "documents" and str(location[1]).isdigit():
        position = int(location[1]) + start
        return ("documents", position if isinstance(location[1], int) else str(position), *location[2:])
    return location


class Namespaces:
    """``mp.namespaces``: create, list, get, update, delete, clone, promote, validate_promotion, paginate.

    Every method also takes the per-call options of `CallOptions` (``namespace=``, ``timeout=``,
    ``max_retries=``, ``_headers=``).
    """

    def __init__(self, core: ClientCore) -> None:
        self._core = core
        self.documents = NamespaceDocuments(core)

    def create(
        self,
        namespace_id: Optional[str] = None,
        *,
        mode: Optional[str] = None,
        vector_configs: Optional[Sequence[Union[VectorConfigSpec, VectorConfigSpecParam]]] = None,
        name: Optional[str] = None,
        feature_extractors: Optional[Sequence[Union[Extractor, BaseFeatureExtractorModelInputParam]]] = None,
        exist_ok: bool = False,
        **fields: Unpack[NamespacesCreateFields],
    ) -> Union[NamespaceModelRecord, StandaloneNamespaceResponseModelRecord]:
        """Create a namespace, standalone (bring your own vectors) or managed.

        ``mode`` defaults from the arguments: ``vector_configs`` means standalone; ``feature_extractors``,
        ``name`` or ``namespace_name`` mean managed; with none of them, standalone.

        Standalone: ``POST /v1/namespaces/standalone`` (`CreateStandaloneNamespaceRequestModel`: the
        ``namespace_id``, taken from ``name``/``namespace_name`` when not given, ``vector_configs``,
        ``storage``, ``config`` ...). Managed: ``POST /v1/namespaces`` (`CreateNamespaceRequest`: the
        ``namespace_name``, from ``name`` or ``namespace_id`` when not given, ``feature_extractors``,
        ``description`` ...).

        With ``exist_ok=True`` an existing namespace of that id (or name) is returned when it matches, and
        `ExistsDifferentlyError` says how when it does not.
        """
        body, options = split_options(fields, namespace_keywords=False)
        given_name = body.pop("namespace_name", None) or name
        _refuse_misspelt_mode(mode, caller=self.create)
        if mode is None:
            managed = feature_extractors is not None or given_name is not None
            mode = "managed" if managed and vector_configs is None else "standalone"
        if mode == "standalone":
            with _derived("namespace_id", None if namespace_id else ("the namespace's name", given_name)):
                standalone = build_request(
                    models.CreateStandaloneNamespaceRequestModel,
                    {"namespace_id": namespace_id or given_name, "vector_configs": vector_configs, **body},
                    caller=self.create,
                )
            return cast(
                "StandaloneNamespaceResponseModelRecord",
                create_or_existing(
                    lambda: self._core.call(
                        self._core.byo_documents.create_standalone_namespace,
                        standalone,
                        options=options,
                        namespace=standalone.namespace_id,
                    ),
                    lambda: self._core.call(
                        self._core.namespaces.get_namespace, standalone.namespace_id, options=options
                    ),
                    standalone,
                    f"the namespace {standalone.namespace_id!r}",
                    exist_ok,
                ),
            )
        with _derived("namespace_name", None if given_name else ("namespace_id", namespace_id)):
            managed_request = build_request(
                models.CreateNamespaceRequest,
                {
                    "namespace_name": given_name or namespace_id,
                    "namespace_id": namespace_id,
                    "feature_extractors": feature_extractors,
                    "vector_configs": vector_configs,
                    **({"mode": mode} if mode != "managed" else {}),
                    **body,
                },
                caller=self.create,
            )
        return cast(
            "NamespaceModelRecord",
            create_or_existing(
                lambda: self._core.call(
                    self._core.namespaces.create_namespace, managed_request, options=options
                ),
                lambda: self._core.call(
                    self._core.namespaces.get_namespace, managed_request.namespace_name, options=options
                ),
                managed_request,
                f"the namespace {managed_request.namespace_name!r}",
                exist_ok,
            ),
        )

    def list(
        self, *, limit: Optional[int] = None, **options: Unpack[CallOptions]
    ) -> ListNamespacesResponseRecord:
        """The first page of namespaces (``GET /v1/namespaces``); `paginate` walks every page."""
        return cast(
            "ListNamespacesResponseRecord",
            self._core.call(self._core.namespaces.list_namespaces_get, limit=limit, options=options),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[NamespacesListFields]
    ) -> Paginator[NamespaceModelRecord]:
        """Every namespace, page by page (``fields``: `ListNamespacesRequest` filters: search, sort ...)."""
        filters, options = split_options(fields, namespace_keywords=False)
        body = build_request(models.ListNamespacesRequest, filters, caller=self.paginate) if filters else None
        return paginator(
            self._core,
            self._core.namespaces.list_namespaces,
            options,
            limit=limit,
            list_namespaces_request=body,
        )

    def get(self, namespace_id: str, **options: Unpack[CallOptions]) -> NamespaceModelRecord:
        """One namespace by id or name."""
        return cast(
            "NamespaceModelRecord",
            self._core.call(self._core.namespaces.get_namespace, namespace_id, options=options),
        )

    def update(self, namespace_id: str, **fields: Unpack[NamespacesUpdateFields]) -> NamespaceModelRecord:
        """Change some settings of a namespace (`PatchNamespaceRequest`: namespace_name, description ...)."""
        body, options = split_options(fields, namespace_keywords=False)
        request = build_request(models.PatchNamespaceRequest, body, caller=self.update)
        return cast(
            "NamespaceModelRecord",
            self._core.call(self._core.namespaces.patch_namespace, namespace_id, request, options=options),
        )

    def delete(
        self, namespace_id: str, *, force: Optional[bool] = None, **options: Unpack[CallOptions]
    ) -> Any:
        """Delete a namespace and everything in it."""
        return self._core.call(
            self._core.namespaces.delete_namespace, namespace_id, force=force, options=options
        )

    def clone(
        self,
        namespace_id: str,
        body: Optional[Mapping[str, Any]] = None,
        *,
        namespace_name: Optional[str] = None,
        name: Optional[str] = None,
        include_resources: Optional[Mapping[str, Any]] = None,
        **fields: Unpack[NamespacesCloneFields],
    ) -> CloneNamespaceResponseRecord:
        """Copy a namespace (its collections and retrievers by default, vectors included) under a new name.

        The name is ``namespace_name=``, ``name=`` or ``body["namespace_name"]``; the other
        `CloneNamespaceRequest` fields (include_resources, mode, description ...) come from ``body`` and
        the keyword arguments. The copy runs as a task (``mp.tasks.get``).
        """
        extra, options = split_options(fields, namespace_keywords=False)
        merged = {**argument_mapping(body or {}, "body", caller=self.clone), **extra}
        resolved = required_name(
            namespace_name or name or merged.pop("namespace_name", None),
            "namespace_name",
            "the new namespace's name",
            model=models.CloneNamespaceRequest,
            given=merged,
            caller=self.clone,
        )
        merged.pop("namespace_name", None)
        if include_resources is not None:
            merged["include_resources"] = include_resources
        request = build_request(
            models.CloneNamespaceRequest, {"namespace_name": resolved, **merged}, caller=self.clone
        )
        return cast(
            "CloneNamespaceResponseRecord",
            self._core.call(
                self._core.namespace_clone.clone_namespace, namespace_id, request, options=options
            ),
        )

    def promote(
        self,
        namespace_id: str,
        *,
        vector_mappings: Optional[Sequence[Any]] = None,
        add_vectors: Optional[Sequence[Any]] = None,
        **fields: Unpack[NamespacesPromoteFields],
    ) -> PromoteNamespaceResponseModelRecord:
        """Turn a standalone namespace into a managed one: map vector indexes to inference services so
        ``input_mode: "text"`` queries are embedded by the API (documents and vectors are kept)."""
        extra, options = split_options(fields, namespace_keywords=False)
        request = _promotion(vector_mappings, add_vectors, extra, caller=self.promote)
        return cast(
            "PromoteNamespaceResponseModelRecord",
            self._core.call(
                self._core.byo_documents.promote_namespace,
                namespace_id,
                request,
                options=options,
                namespace=namespace_id,
            ),
        )

    def validate_promotion(
        self,
        namespace_id: str,
        *,
        vector_mappings: Optional[Sequence[Any]] = None,
        add_vectors: Optional[Sequence[Any]] = None,
        **fields: Unpack[NamespacesPromoteFields],
    ) -> PromoteValidateResponseModelRecord:
        """Check a promotion without doing it: whether it is valid, errors and suggestions."""
        extra, options = split_options(fields, namespace_keywords=False)
        request = _promotion(vector_mappings, add_vectors, extra, caller=self.validate_promotion)
        return cast(
            "PromoteValidateResponseModelRecord",
            self._core.call(
                self._core.byo_documents.validate_promotion_namespaces_id_promote,
                namespace_id,
                request,
                options=options,
                namespace=namespace_id,
            ),
        )


def _promotion(
    vector_mappings: Optional[Sequence[Any]],
    add_vectors: Optional[Sequence[Any]],
    extra: Mapping[str, Any],
    *,
    caller: Callable[..., Any],
) -> Any:
    return build_request(
        models.PromoteNamespaceRequestModel,
        {"vector_mappings": vector_mappings, "add_vectors": add_vectors, **extra},
        caller=caller,
    )
