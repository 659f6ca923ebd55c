"""``mp.retrievers``: multi-stage search pipelines (create, list, get, update, delete, execute, batches)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Literal, Optional, Union, overload

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator
from mixpeek.client.streaming import RetrieverStreamEvent, events_of

if TYPE_CHECKING:
    from mixpeek._runtime.operation import RequestOptions
    from mixpeek.models import (
        ExecuteRetrieverResponse,
        PatchRetrieverResponse,
        RetrieverConfig,
        RetrieverModelOutput,
    )
    from mixpeek.rest import RESTResponse

#: The header that routes a read to the primary shard after a write (read-your-writes).
WRITE_TOKEN_HEADER = "X-Write-Token"


#: What a streaming execution accepts: server-sent events, or plain JSON from a server that does not stream.
STREAM_ACCEPT = "text/event-stream, application/json"


def request_options(write_token: Optional[str], *, stream: bool = False) -> RequestOptions:
    """Runtime options: ``write_token`` as the X-Write-Token header, and the Accept header of a stream."""
    headers: dict[str, str] = {}
    if write_token:
        headers[WRITE_TOKEN_HEADER] = write_token
    if stream:
        headers["Accept"] = STREAM_ACCEPT
    return {"_headers": headers} if headers else {}


class Retrievers:
    """Every method takes ``namespace=`` to override the client's default namespace for that call."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self,
        retriever_name: str,
        stages: Sequence[Any],
        *,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> RetrieverConfig:
        """Create a retriever (`CreateRetrieverRequest` fields: input_schema, collection_identifiers ...)."""
        request = build_request(
            models.CreateRetrieverRequest,
            {"retriever_name": retriever_name, "stages": list(stages), **fields},
        )
        return self._core.retrievers.create_retriever(request, x_namespace=self._core.namespace(namespace))

    def list(
        self, *, limit: Optional[int] = None, namespace: Optional[str] = None, **filters: Any
    ) -> Paginator[RetrieverModelOutput]:
        """Every retriever, page by page (``filters``: `ListRetrieversRequest` fields: search, sort ...)."""
        body = build_request(models.ListRetrieversRequest, filters)
        api, x_namespace = self._core.retrievers, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_retrievers(
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_retrievers_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(self, retriever_id: str, *, namespace: Optional[str] = None) -> RetrieverModelOutput:
        """One retriever by id."""
        return self._core.retrievers.get_retriever(retriever_id, x_namespace=self._core.namespace(namespace))

    def update(
        self, retriever_id: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> PatchRetrieverResponse:
        """Change some fields of a retriever (`PatchRetrieverRequest`: stages, input_schema ...)."""
        request = build_request(models.PatchRetrieverRequest, fields)
        return self._core.retrievers.patch_retriever(
            retriever_id, request, x_namespace=self._core.namespace(namespace)
        )

    def delete(self, retriever_id: str, *, namespace: Optional[str] = None) -> Any:
        """Delete a retriever."""
        return self._core.retrievers.delete_retriever(
            retriever_id, x_namespace=self._core.namespace(namespace)
        )

    @overload
    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        stream: Literal[False] = False,
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> ExecuteRetrieverResponse: ...

    @overload
    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        stream: Literal[True],
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> Iterator[RetrieverStreamEvent]: ...

    @overload
    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        stream: bool,
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> Union[ExecuteRetrieverResponse, Iterator[RetrieverStreamEvent]]: ...

    def execute(
        self,
        retriever_id: str,
        inputs: Optional[Mapping[str, Any]] = None,
        *,
        stream: bool = False,
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> Union[ExecuteRetrieverResponse, Iterator[RetrieverStreamEvent]]:
        """Run a retriever with ``inputs`` matching its input_schema.

        ``write_token`` (from an upsert with ``options={"write_token": True}``) is sent as the X-Write-Token
        header so the read sees that write. ``fields`` are other `ExecuteRetrieverRequest` fields (filters,
        limit, pagination ...). With ``stream=True`` the result is an iterator of `RetrieverStreamEvent`
        (stage events, ending with ``execution_complete`` whose ``.result`` is the final response); the
        request is sent when iteration starts and the connection is released when it ends.
        """
        body: dict[str, Any] = {"inputs": dict(inputs) if inputs is not None else None, **fields}
        if stream:
            body["stream"] = True
        request = build_request(models.ExecuteRetrieverRequest, body)
        api, x_namespace = self._core.retrievers, self._core.namespace(namespace)
        options = request_options(write_token, stream=stream)
        if not stream:
            return api.execute_retriever(retriever_id, request, x_namespace=x_namespace, **options)
        return self._stream(
            lambda: api.execute_retriever_without_preload_content(
                retriever_id, request, x_namespace=x_namespace, **options
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
        queries: Sequence[Mapping[str, Any]],
        *,
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> Any:
        """Run a retriever for several queries at once (each ``{"inputs": {...}, "filters": {...}}``)."""
        request = build_request(models.ExecuteBatchRequest, {"queries": [dict(q) for q in queries], **fields})
        return self._core.retrievers.execute_batch_retrievers(
            retriever_id,
            request,
            x_namespace=self._core.namespace(namespace),
            **request_options(write_token),
        )
