"""``mp.retrievers``: multi-stage search pipelines: manage, execute (also streamed and in batches), clone,
publish, evaluate, and record the interactions that feed learned fusion."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Literal, NoReturn, Optional, Union, cast, overload

from typing_extensions import Unpack

from mixpeek import models
from mixpeek._runtime.record import Record
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    argument_list,
    argument_mapping,
    argument_mappings,
    build_request,
    converting,
    create_or_existing,
    method_name,
    required_name,
    split_options,
)
from mixpeek.client.errors import HitPositionError, UnsupportedOperationError
from mixpeek.client.evaluations import Evaluations
from mixpeek.client.pagination import Paginator, paginator
from mixpeek.client.streaming import RetrieverStreamEvent, events_of
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        EvaluationsRunFields,
        RetrieversCloneFields,
        RetrieversCreateFields,
        RetrieversCreateInteractionFields,
        RetrieversExecuteBatchFields,
        RetrieversExecuteFields,
        RetrieversListFields,
        RetrieversPublishFields,
        RetrieversUpdateFields,
    )
    from mixpeek.models import StageConfigInput
    from mixpeek.params import StageConfigInputParam
    from mixpeek.records import (
        BulkInteractionsResponseRecord,
        CloneRetrieverResponseRecord,
        ExecuteRetrieverResponseRecord,
        InteractionResponseRecord,
        ListInteractionsResponseRecord,
        ListRetrieversResponseRecord,
        PatchRetrieverResponseRecord,
        PublishRetrieverResponseRecord,
        RetrieverConfigRecord,
        RetrieverModelOutputRecord,
        StartEvaluationResponseRecord,
    )
    from mixpeek.rest import RESTResponse

#: The header that routes a read to the primary shard after a write (read-your-writes).
WRITE_TOKEN_HEADER = "X-Write-Token"

#: What a streaming execution accepts: server-sent events, or plain JSON from a server that does not stream.
STREAM_ACCEPT = "text/event-stream, application/json"

#: The page size of `Retrievers.list_interactions` unless told otherwise (as in the published client).
DEFAULT_INTERACTIONS_PAGE_SIZE = 50


def request_headers(write_token: Optional[str], *, stream: bool = False) -> dict[str, str]:
    """A call's own headers: ``write_token`` as X-Write-Token, and the Accept header of a stream."""
    headers: dict[str, str] = {}
    if write_token:
        headers[WRITE_TOKEN_HEADER] = write_token
    if stream:
        headers["Accept"] = STREAM_ACCEPT
    return headers


class Retrievers:
    """Every method also takes the per-call options of `CallOptions` (``namespace=``, ``timeout=``,
    ``max_retries=``, ``_headers=``); where it takes free keyword arguments, ``namespace_id=`` also chooses
    the namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core
        self._evaluations = Evaluations(core)

    # -- managing ----------------------------------------------------------------------------------------
    def create(
        self,
        retriever_name: Optional[str] = None,
        stages: Optional[Sequence[Union[StageConfigInput, StageConfigInputParam]]] = None,
        *,
        name: Optional[str] = None,
        exist_ok: bool = False,
        **fields: Unpack[RetrieversCreateFields],
    ) -> RetrieverConfigRecord:
        """Create a retriever named ``retriever_name`` (or ``name``) from ``stages``, with the other
        `CreateRetrieverRequest` fields (input_schema, collection_identifiers ...). With ``exist_ok=True``
        an existing retriever of that name is returned when it matches, and `ExistsDifferentlyError` says
        how when it does not."""
        body, options = split_options(fields)
        resolved = required_name(
            retriever_name or name or body.pop("retriever_name", None),
            "retriever_name",
            "the retriever's name",
            model=models.CreateRetrieverRequest,
            given=body,
            caller=self.create,
        )
        return self._create(resolved, stages, body, options, exist_ok=exist_ok, caller=self.create)

    def _create(
        self,
        retriever_name: str,
        stages: Optional[Sequence[Any]],
        body: Mapping[str, Any],
        options: CallOptions,
        *,
        exist_ok: bool = False,
        caller: Callable[..., Any],
    ) -> RetrieverConfigRecord:
        """`create`, for it and for ``Mixpeek.search`` (whose vector search creates a retriever): a
        refused request names ``caller``."""
        request = build_request(
            models.CreateRetrieverRequest,
            {
                "retriever_name": retriever_name,
                "stages": argument_list(stages, "stages", caller=caller) if stages is not None else None,
                **body,
            },
            caller=caller,
        )
        return cast(
            "RetrieverConfigRecord",
            create_or_existing(
                lambda: self._core.call(self._core.retrievers.create_retriever, request, options=options),
                lambda: self._core.call(self._core.retrievers.get_retriever, retriever_name, options=options),
                request,
                f"the retriever {retriever_name!r}",
                exist_ok,
            ),
        )

    def list(
        self, *, limit: Optional[int] = None, **fields: Unpack[RetrieversListFields]
    ) -> ListRetrieversResponseRecord:
        """The first page of retrievers (``POST /v1/retrievers/list``; `ListRetrieversRequest` filters);
        `paginate` walks every page."""
        body, options = split_options(fields)
        return cast(
            "ListRetrieversResponseRecord",
            self._core.call(
                self._core.retrievers.list_retrievers,
                limit=limit,
                list_retrievers_request=_filters(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[RetrieversListFields]
    ) -> Paginator[RetrieverModelOutputRecord]:
        """Every retriever, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.retrievers.list_retrievers,
            options,
            limit=limit,
            list_retrievers_request=_filters(body, caller=self.paginate),
        )

    def get(self, retriever_id: str, **options: Unpack[CallOptions]) -> RetrieverModelOutputRecord:
        """One retriever by id."""
        return cast(
            "RetrieverModelOutputRecord",
            self._core.call(self._core.retrievers.get_retriever, retriever_id, options=options),
        )

    def update(
        self,
        retriever_id: str,
        *,
        stages: Optional[Sequence[Union[StageConfigInput, StageConfigInputParam]]] = None,
        **fields: Unpack[RetrieversUpdateFields],
    ) -> PatchRetrieverResponseRecord:
        """Change some fields of a retriever (`PatchRetrieverRequest`: stages, input_schema ...)."""
        body, options = split_options(fields)
        if stages is not None:
            body["stages"] = argument_list(stages, "stages", caller=self.update)
        request = build_request(models.PatchRetrieverRequest, body, caller=self.update)
        return cast(
            "PatchRetrieverResponseRecord",
            self._core.call(self._core.retrievers.patch_retriever, retriever_id, request, options=options),
        )

    def delete(self, retriever_id: str, **options: Unpack[CallOptions]) -> Any:
        """Delete a retriever."""
        return self._core.call(self._core.retrievers.delete_retriever, retriever_id, options=options)

    def clone(
        self,
        retriever_id: str,
        body: Optional[Mapping[str, Any]] = None,
        *,
        retriever_name: Optional[str] = None,
        name: Optional[str] = None,
        **fields: Unpack[RetrieversCloneFields],
    ) -> CloneRetrieverResponseRecord:
        """Copy a retriever under a new name (``retriever_name=``, ``name=`` or in ``body``); other
        `CloneRetrieverRequest` fields (stages, input_schema ...) from ``body`` or keywords override the
        source's."""
        extra, options = split_options(fields)
        merged = {**argument_mapping(body or {}, "body", caller=self.clone), **extra}
        resolved = required_name(
            retriever_name or name or merged.pop("retriever_name", None),
            "retriever_name",
            "the new retriever's name",
            model=models.CloneRetrieverRequest,
            given=merged,
            caller=self.clone,
        )
        merged.pop("retriever_name", None)
        request = build_request(
            models.CloneRetrieverRequest, {"retriever_name": resolved, **merged}, caller=self.clone
        )
        return cast(
            "CloneRetrieverResponseRecord",
            self._core.call(self._core.retrievers.clone_retriever, retriever_id, request, options=options),
        )

    def publish(
        self,
        retriever_id: str,
        *,
        display_name: Optional[str] = None,
        public_name: Optional[str] = None,
        **fields: Unpack[RetrieversPublishFields],
    ) -> PublishRetrieverResponseRecord:
        """Publish a retriever at a public URL (`PublishRetrieverRequest` fields)."""
        body, options = split_options(fields)
        request = build_request(
            models.PublishRetrieverRequest,
            {"display_name": display_name, "public_name": public_name, **body},
            caller=self.publish,
        )
        return cast(
            "PublishRetrieverResponseRecord",
            self._core.call(
                self._core.published_retrievers.publish_retriever, retriever_id, request, options=options
            ),
        )

    # -- executing ---------------------------------------------------------------------------------------
    @overload
    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        settings: Optional[Mapping[str, Any]] = None,
        stream: Literal[False] = False,
        write_token: Optional[str] = None,
        **fields: Unpack[RetrieversExecuteFields],
    ) -> ExecuteRetrieverResponseRecord: ...

    @overload
    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        settings: Optional[Mapping[str, Any]] = None,
        stream: Literal[True],
        write_token: Optional[str] = None,
        **fields: Unpack[RetrieversExecuteFields],
    ) -> Iterator[RetrieverStreamEvent]: ...

    @overload
    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        settings: Optional[Mapping[str, Any]] = None,
        stream: bool,
        write_token: Optional[str] = None,
        **fields: Unpack[RetrieversExecuteFields],
    ) -> Union[ExecuteRetrieverResponseRecord, Iterator[RetrieverStreamEvent]]: ...

    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        settings: Optional[Mapping[str, Any]] = None,
        stream: bool = False,
        write_token: Optional[str] = None,
        **fields: Unpack[RetrieversExecuteFields],
    ) -> Union[ExecuteRetrieverResponseRecord, Iterator[RetrieverStreamEvent]]:
        """Run a retriever with ``inputs`` matching its input_schema.

        ``write_token`` (from an upsert with ``options={"write_token": True}``) is sent as the X-Write-Token
        header so the read sees that write. ``fields`` are other `ExecuteRetrieverRequest` fields (filters,
        limit, pagination ...) and per-call options; ``settings`` is refused when given, since API 0.82's
        execute request has no such field. With ``stream=True`` the result is an iterator of
        `RetrieverStreamEvent` (stage events, ending with ``execution_complete`` whose ``.result`` is the
        final response); the request is sent when iteration starts and the connection is released when it
        ends.
        """
        return self._execute(
            retriever_id,
            inputs,
            fields,
            settings=settings,
            stream=stream,
            write_token=write_token,
            caller=self.execute,
        )

    run = execute

    def _execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]],
        fields: Mapping[str, Any],
        *,
        settings: Optional[Mapping[str, Any]] = None,
        stream: bool = False,
        write_token: Optional[str] = None,
        caller: Callable[..., Any],
    ) -> Union[ExecuteRetrieverResponseRecord, Iterator[RetrieverStreamEvent]]:
        """`execute`, for it and for ``Mixpeek.search`` (whose vector search executes the retriever it
        created): a refused request names ``caller``."""
        extra, options = split_options(fields)
        body: dict[str, Any] = {
            "inputs": argument_mapping(inputs, "inputs", caller=caller) if inputs is not None else None,
            **extra,
        }
        if settings is not None:
            body["settings"] = settings
        if stream:
            body["stream"] = True
        request = build_request(models.ExecuteRetrieverRequest, body, caller=caller)
        api = self._core.retrievers
        headers = request_headers(write_token, stream=stream)
        if not stream:
            return cast(
                "ExecuteRetrieverResponseRecord",
                self._core.call(
                    api.execute_retriever, retriever_id, request, options=options, headers=headers
                ),
            )
        return converting(
            self._stream(
                lambda: self._core.call(
                    api.execute_retriever_without_preload_content,
                    retriever_id,
                    request,
                    options=options,
                    headers=headers,
                )
            )
        )

    @staticmethod
    def _stream(open_response: Callable[[], RESTResponse]) -> Iterator[RetrieverStreamEvent]:
        """Events of one streaming execution; the connection is released when iteration ends or stops."""
        with open_response() as response:
            yield from events_of(response)

    def execute_batch(
        self,
        retriever_id: str,
        queries: Optional[Sequence[Mapping[str, Any]]] = None,
        *,
        settings: Optional[Mapping[str, Any]] = None,
        concurrency: Optional[int] = None,
        return_presigned_urls: Optional[bool] = None,
        return_vectors: Optional[bool] = None,
        write_token: Optional[str] = None,
        **fields: Unpack[RetrieversExecuteBatchFields],
    ) -> Any:
        """Run a retriever for several queries at once (1 to 50). Each query is ``{"inputs": {...},
        "filters": {...}}``; a query without ``"inputs"`` is taken as the inputs themselves."""
        body, options = split_options(fields)
        if not queries:
            raise ApiValueError("execute_batch() needs queries=[{'inputs': {...}}, ...]")
        given = argument_mappings(queries, "queries", caller=self.execute_batch)
        wrapped = [query if "inputs" in query else {"inputs": query} for query in given]
        request = build_request(
            models.ExecuteBatchRequest,
            {
                "queries": wrapped,
                "settings": settings,
                "concurrency": concurrency,
                "return_presigned_urls": return_presigned_urls,
                "return_vectors": return_vectors,
                **body,
            },
            caller=self.execute_batch,
        )
        return self._core.call(
            self._core.retrievers.execute_batch_retrievers,
            retriever_id,
            request,
            options=options,
            headers=request_headers(write_token),
        )

    def run_evaluation(
        self,
        retriever_id: str,
        *,
        dataset_name: Optional[str] = None,
        dataset_id: Optional[str] = None,
        evaluation_config: Optional[Mapping[str, Any]] = None,
        **fields: Unpack[EvaluationsRunFields],
    ) -> StartEvaluationResponseRecord:
        """Start evaluating this retriever against a dataset: the same as ``mp.evaluations.run``."""
        return self._evaluations._start(
            retriever_id, dataset_name or dataset_id, evaluation_config, fields, caller=self.run_evaluation
        )

    # -- interactions ------------------------------------------------------------------------------------
    def create_interaction(
        self,
        *,
        feature_id: Optional[str] = None,
        document_id: Optional[str] = None,
        interaction_type: Sequence[str],
        position: int = 0,
        retriever_id: Optional[str] = None,
        execution_id: Optional[str] = None,
        feature_uri: Optional[str] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        occurred_at: Optional[str] = None,
        **fields: Unpack[RetrieversCreateInteractionFields],
    ) -> InteractionResponseRecord:
        """Record what a user did with a result (``interaction_type``: ``["click"]``, ``["purchase"]`` ...).

        ``feature_id`` is the result's document id (``document_id=`` is accepted for it). ``occurred_at``
        (ISO 8601) backdates a historical interaction; leave it out for live ones.
        """
        body, options = split_options(fields)
        resolved = feature_id or document_id
        if not resolved:
            raise ApiValueError(
                "create_interaction() needs the result's id: feature_id='...' (or document_id='...')"
            )
        interaction = {
            "feature_id": resolved,
            "interaction_type": argument_list(
                interaction_type, "interaction_type", caller=self.create_interaction
            ),
            "position": position,
            "retriever_id": retriever_id,
            "execution_id": execution_id,
            "feature_uri": feature_uri,
            "user_id": user_id,
            "session_id": session_id,
            "occurred_at": occurred_at,
            **body,
        }
        return self._record_interaction(interaction, options, caller=self.create_interaction)

    def _record_interaction(
        self, interaction: Mapping[str, Any], options: CallOptions, *, caller: Callable[..., Any]
    ) -> InteractionResponseRecord:
        """Send one `SearchInteraction` (``interaction``: its fields); a refused request names ``caller``."""
        request = build_request(models.SearchInteraction, interaction, caller=caller)
        return cast(
            "InteractionResponseRecord",
            self._core.call(
                self._core.retriever_interactions.create_interaction_retrievers, request, options=options
            ),
        )

    def create_interaction_from_result(
        self,
        result: Mapping[str, Any],
        *,
        position: int,
        interaction_type: Optional[Sequence[str]] = None,
        retriever_id: Optional[str] = None,
        feature_uri: Optional[str] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        occurred_at: Optional[str] = None,
        **options: Unpack[CallOptions],
    ) -> InteractionResponseRecord:
        """Record an interaction with hit number ``position`` (0-based) of an execution's ``result``.

        The document id, score, execution and retriever ids, and the feature URI (the first of
        ``learned_fusion_context.feature_uris``) are read from ``result``; the arguments override them.
        ``interaction_type`` defaults to ``["click"]``.
        """
        result = argument_mapping(result, "result", caller=self.create_interaction_from_result)
        hits = result.get("results") or result.get("documents") or []
        if not 0 <= position < len(hits):  # (the interaction's position is never negative)
            label = method_name(self.create_interaction_from_result)
            raise HitPositionError(
                f"{label}: position {position} is not a hit of the result, which has {len(hits)}; "
                "nothing was sent",
                [(("position",), f"expected a hit's position, below {len(hits)}")],
            )
        hit = hits[position]
        feature_id = hit.get("feature_id") or hit.get("document_id") or hit.get("id")
        if not feature_id:
            raise ApiValueError(f"hit {position} of the result has no feature_id, document_id or id")
        if feature_uri is None:
            uris = (result.get("learned_fusion_context") or {}).get("feature_uris") or []
            feature_uri = uris[0] if uris else None
        retriever_id = retriever_id or result.get("retriever_id")
        if not retriever_id:
            warnings.warn(
                "the execution result has no retriever_id: the interaction is recorded without one, so "
                "it will not count for that retriever; pass retriever_id='...'",
                stacklevel=2,
            )
        extra, call_options = split_options(options)  # a misspelt option is refused as a field
        interaction = {
            "feature_id": feature_id,
            "interaction_type": argument_list(
                interaction_type or ["click"], "interaction_type", caller=self.create_interaction_from_result
            ),
            "position": position,
            "retriever_id": retriever_id,
            "execution_id": result.get("execution_id"),
            "feature_uri": feature_uri,
            "user_id": user_id,
            "session_id": session_id,
            "document_score": hit.get("score"),
            "occurred_at": occurred_at,
            **extra,
        }
        return self._record_interaction(interaction, call_options, caller=self.create_interaction_from_result)

    def backfill_interactions(
        self, interactions: Sequence[Mapping[str, Any]], **options: Unpack[CallOptions]
    ) -> BulkInteractionsResponseRecord:
        """Record up to 1,000 past interactions in one request (each with its true ``occurred_at``)."""
        given = argument_mappings(interactions, "interactions", caller=self.backfill_interactions)
        unlinked = [index for index, item in enumerate(given) if not item.get("retriever_id")]
        if unlinked:
            warnings.warn(
                f"{len(unlinked)} interaction(s) have no retriever_id (first: {unlinked[:5]}); they will not "
                "count for any retriever",
                stacklevel=2,
            )
        request = build_request(
            models.BulkInteractionsRequest,
            {"interactions": given},
            caller=self.backfill_interactions,
        )
        return cast(
            "BulkInteractionsResponseRecord",
            self._core.call(
                self._core.retriever_interactions.create_interactions_bulk_retrievers_batch,
                request,
                options=options,
            ),
        )

    def list_interactions(
        self,
        retriever_id: str,
        *,
        page: int = 1,
        page_size: int = DEFAULT_INTERACTIONS_PAGE_SIZE,
        **options: Unpack[CallOptions],
    ) -> ListInteractionsResponseRecord:
        """One page of the interactions recorded for a retriever."""
        return cast(
            "ListInteractionsResponseRecord",
            self._core.call(
                self._core.retriever_interactions.list_interactions_retrievers,
                page=page,
                page_size=page_size,
                list_interactions_request=models.ListInteractionsRequest(retriever_id=retriever_id),
                options=options,
            ),
        )

    def paginate_interactions(
        self, retriever_id: str, *, limit: Optional[int] = None, **options: Unpack[CallOptions]
    ) -> Paginator[InteractionResponseRecord]:
        """Every interaction recorded for a retriever, page by page, fetched as iteration reaches it."""
        return paginator(
            self._core,
            self._core.retriever_interactions.list_interactions_retrievers,
            options,
            limit=limit,
            list_interactions_request=models.ListInteractionsRequest(retriever_id=retriever_id),
        )

    def get_interaction(
        self, interaction_id: str, **options: Unpack[CallOptions]
    ) -> InteractionResponseRecord:
        """One recorded interaction."""
        return cast(
            "InteractionResponseRecord",
            self._core.call(
                self._core.retriever_interactions.get_interaction_retrievers, interaction_id, options=options
            ),
        )

    def delete_interaction(self, interaction_id: str, **options: Unpack[CallOptions]) -> Record:
        """Delete one recorded interaction."""
        return cast(
            "Record",
            self._core.call(
                self._core.retriever_interactions.delete_interaction_retrievers,
                interaction_id,
                options=options,
            ),
        )

    # -- learned fusion: not in API 0.82 -----------------------------------------------------------------
    def enable_learned_fusion(self, retriever_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("enable_learned_fusion", "POST", "enable")

    def disable_learned_fusion(self, retriever_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("disable_learned_fusion", "POST", "disable")

    def set_rollout(
        self, retriever_id: str, *, rollout_pct: float, **options: Unpack[CallOptions]
    ) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("set_rollout", "POST", "rollout")

    def opt_out_user(self, retriever_id: str, *, user_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("opt_out_user", "POST", "opt-out/{user_id}")

    def opt_in_user(self, retriever_id: str, *, user_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("opt_in_user", "POST", "opt-in/{user_id}")

    def reset_user(self, retriever_id: str, *, user_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("reset_user", "DELETE", "user/{user_id}")

    def get_weights(self, retriever_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("get_weights", "GET", "weights")

    def get_user_weights(
        self, retriever_id: str, *, user_id: str, **options: Unpack[CallOptions]
    ) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("get_user_weights", "GET", "weights/{user_id}")

    def get_stats(self, retriever_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("get_stats", "GET", "stats")

    def get_activity(self, retriever_id: str, **options: Unpack[CallOptions]) -> NoReturn:
        """Not available: API 0.82 has no learned-fusion operations (raises `UnsupportedOperationError`)."""
        raise _no_learned_fusion("get_activity", "GET", "activity")


def _no_learned_fusion(method: str, http_method: str, tail: str) -> UnsupportedOperationError:
    return UnsupportedOperationError(
        f"Retrievers.{method}", f"{http_method} /v1/retrievers/{{retriever_id}}/learned-fusion/{tail}"
    )


def _filters(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListRetrieversRequest]:
    return build_request(models.ListRetrieversRequest, body, caller=caller) if body else None
