"""What the Ray and Spark integrations share: options, rows to documents, one part's write, the totals.

Exactly once per batch: every part of a dataset (a Ray block, a Spark partition) is written by one call of
`write_part`, whose batches carry idempotency keys derived from the job id, the part's name and the batch's
index (``<job>-<part>-<batch>``; a part of one batch sends ``<job>-<part>``). An engine that re-runs a failed
task re-sends the same rows in the same batches with the same keys, so the API answers the batches it already
applied from its idempotency log instead of applying them again.
"""

from __future__ import annotations

import importlib
import math
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from mixpeek.client.bulk_upsert import MAX_BATCH_SIZE
from mixpeek.client.errors import BulkUpsertError
from mixpeek.exceptions import ApiValueError

#: How `write_part` treats a batch the API refused after the runtime's retries.
ON_ERROR = ("raise", "report")


def require(module: str, extra: str) -> Any:
    """Import an engine, or fail with the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"mixpeek's {extra} integration needs {module!r}, which is not installed: "
            f'pip install "mixpeek[{extra}]"'
        ) from exc


@dataclass(frozen=True)
class WriteOptions:
    """How rows become documents and where they go; the same options for Ray and Spark.

    - ``namespace_id``: the (standalone) namespace to upsert into.
    - ``api_key`` / ``base_url``: default to ``MIXPEEK_API_KEY`` / ``MIXPEEK_BASE_URL`` in each worker.
    - ``id_column``: the column holding ``document_id``.
    - ``vector_columns``: column -> vector index name (a column of lists or arrays of floats).
    - ``payload_columns``: the columns copied into ``payload``; None means every other column.
    - ``collection_id``: optional collection the documents belong to.
    - ``batch_size`` (at most 1,000) and ``concurrency`` (batches in flight per task).
    - ``job_id``: the base of every idempotency key; give the same one to resume an interrupted job with
      the same parts, so nothing is written twice. Drawn at random when not given.
    - ``on_error``: "raise" fails the task (the engine retries it; its batches are idempotent), "report"
      records the failed batches in the result and goes on.
    - ``write_token``: ask for read-your-writes tokens (the result keeps the last one).
    """

    namespace_id: str
    api_key: Optional[str] = None
    base_url: Optional[str] = None
    id_column: str = "document_id"
    vector_columns: Mapping[str, str] = field(default_factory=lambda: {"vector": "vector"})
    payload_columns: Optional[Sequence[str]] = None
    collection_id: Optional[str] = None
    batch_size: int = MAX_BATCH_SIZE
    concurrency: int = 1
    job_id: str = ""
    on_error: str = "raise"
    write_token: bool = False
    max_retries: Optional[int] = None
    timeout: Optional[float] = None

    def __post_init__(self) -> None:
        if not self.namespace_id:
            raise ApiValueError("namespace_id is required")
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise ApiValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}, got {self.batch_size}")
        if self.concurrency < 1:
            raise ApiValueError(f"concurrency must be at least 1, got {self.concurrency}")
        if self.on_error not in ON_ERROR:
            raise ApiValueError(f"on_error must be one of {ON_ERROR}, got {self.on_error!r}")
        if not self.vector_columns:
            raise ApiValueError("vector_columns must name at least one column")
        if not self.job_id:
            object.__setattr__(self, "job_id", f"job-{uuid.uuid4().hex[:16]}")

    @classmethod
    def create(
        cls,
        namespace_id: str,
        *,
        vector_columns: Optional[Any] = None,
        payload_columns: Optional[Any] = None,
        **options: Any,
    ) -> WriteOptions:
        """Options from Python values or from strings (Spark options are strings).

        ``vector_columns``: a mapping, a list of names (index name = column name), or "col:index,col2".
        ``payload_columns``: a list, or "a,b,c". Numbers and booleans may be given as text.
        """
        values: dict[str, Any] = {"namespace_id": namespace_id}
        if vector_columns is not None:
            values["vector_columns"] = _column_mapping(vector_columns)
        if payload_columns is not None:
            values["payload_columns"] = _names(payload_columns)
        for name, value in options.items():
            if name not in cls.__dataclass_fields__:
                known = ", ".join(sorted(cls.__dataclass_fields__))
                raise ApiValueError(f"unknown option {name!r}; the options are: {known}")
            values[name] = _typed(name, value)
        return cls(**values)

    def documents(self, rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
        """Each row as a document: ``document_id``, ``vectors`` and ``payload`` (JSON-ready values)."""
        excluded = {self.id_column, *self.vector_columns}
        for row in rows:
            document: dict[str, Any] = {
                "document_id": str(row[self.id_column]),
                "vectors": {index: _floats(row[column]) for column, index in self.vector_columns.items()},
            }
            names = (
                self.payload_columns
                if self.payload_columns is not None
                else [name for name in row if name not in excluded]
            )
            payload = {name: _plain(row[name]) for name in names}
            if payload:
                document["payload"] = payload
            if self.collection_id:
                document["collection_id"] = self.collection_id
            yield document


_INTEGER_OPTIONS = ("batch_size", "concurrency", "max_retries")


def _typed(name: str, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if name in _INTEGER_OPTIONS:
        return int(value)
    if name == "timeout":
        return float(value)
    if name == "write_token":
        return value.strip().lower() in ("1", "true", "yes", "on")
    return value


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    return [str(name) for name in value]


def _column_mapping(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(column): str(index) for column, index in value.items()}
    mapping: dict[str, str] = {}
    for item in _names(value):
        column, _, index = item.partition(":")
        mapping[column.strip()] = (index or column).strip()
    return mapping


def _floats(value: Any) -> list[float]:
    values = value.tolist() if hasattr(value, "tolist") else list(value)
    floats = [float(x) for x in values]
    if not all(math.isfinite(x) for x in floats):
        raise ApiValueError("a vector holds NaN or infinity, which the API refuses")
    return floats


def _plain(value: Any) -> Any:
    """A JSON-ready value: numpy/pyarrow scalars and arrays become Python values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "as_py"):
        return value.as_py()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class FailedPartBatch:
    """A batch the API refused (with ``on_error="report"``): where it was, its ids and why."""

    part: str
    batch: int
    idempotency_key: str
    document_ids: tuple[str, ...]
    error: str


@dataclass(frozen=True)
class PartResult:
    """What one part's write did (picklable, so engines can send it back to the driver)."""

    part: str
    documents: int
    inserted: int
    batches: int
    write_token: Optional[str]
    finished_at: float
    failed_batches: tuple[FailedPartBatch, ...] = ()


@dataclass(frozen=True)
class ScaleOutResult:
    """The total of a distributed write: every part's counts, its failed batches, the last write token."""

    parts: int
    documents: int
    inserted: int
    batches: int
    write_token: Optional[str]
    failed_batches: tuple[FailedPartBatch, ...]

    @classmethod
    def total(cls, results: Iterable[PartResult]) -> ScaleOutResult:
        """Sum the parts; the write token is the one of the part that finished last."""
        parts = sorted(results, key=lambda result: result.finished_at)
        tokens = [result.write_token for result in parts if result.write_token]
        return cls(
            parts=len(parts),
            documents=sum(result.documents for result in parts),
            inserted=sum(result.inserted for result in parts),
            batches=sum(result.batches for result in parts),
            write_token=tokens[-1] if tokens else None,
            failed_batches=tuple(batch for result in parts for batch in result.failed_batches),
        )

    @property
    def failed_document_ids(self) -> list[str]:
        """Ids of every document in a failed batch."""
        return [doc_id for batch in self.failed_batches for doc_id in batch.document_ids]


def write_part(rows: Iterable[Mapping[str, Any]], part: str, options: WriteOptions) -> PartResult:
    """Upsert one part's rows in batches whose idempotency keys are ``<job>-<part>-<batch>``.

    Runs inside an engine's task: it makes its own client (clients are not shared across processes). With
    ``on_error="raise"`` a refused batch fails the task; with "report" it is recorded and the rows after it
    are still sent (as a continuation with keys ``<job>-<part>@<position>-<batch>``).
    """
    from mixpeek.client import Mixpeek

    documents = list(options.documents(rows))
    inserted = batches = 0
    token: Optional[str] = None
    failed: list[FailedPartBatch] = []
    start = 0
    with Mixpeek(
        api_key=options.api_key,
        namespace=options.namespace_id,
        base_url=options.base_url,
        timeout=options.timeout,
        max_retries=options.max_retries,
    ) as mp:
        while start < len(documents):
            # the bulk upsert derives each batch's key from this one: "<key>-<batch index>"
            key = f"{options.job_id}-{part}" + (f"@{start}" if start else "")
            upsert_options: dict[str, Any] = {"idempotency_key": key, "write_token": options.write_token}
            try:
                written = mp.namespaces.documents.upsert(
                    options.namespace_id,
                    documents[start:],
                    options=upsert_options,
                    collection_id=options.collection_id,
                    batch_size=options.batch_size,
                    concurrency=options.concurrency,
                )
                resume_at = None
            except BulkUpsertError as error:
                if options.on_error == "raise":
                    raise
                written = error.written
                failed.extend(
                    FailedPartBatch(
                        part, batch.index, batch.idempotency_key, tuple(batch.document_ids), str(batch.error)
                    )
                    for batch in error.failed_batches
                )
                resume_at = error.not_sent_from
            inserted += int(written.get("inserted") or 0)
            batches += written.batches  # an attribute of UpsertResult, not a key
            token = written.get("write_token") or token
            if resume_at is None:
                break
            start += resume_at
    return PartResult(
        part=part,
        documents=len(documents),
        inserted=inserted,
        batches=batches,
        write_token=token if options.write_token else None,
        finished_at=time.time(),
        failed_batches=tuple(failed),
    )


#: Documents asked for per page when reading a namespace back.
READ_PAGE_SIZE = 1000
#: The most partitions the API splits a namespace listing into.
MAX_READ_PARTITIONS = 256


@dataclass(frozen=True)
class ReadOptions:
    """Where to read from and what to return: the same options for Ray and Spark readers.

    ``partitions`` readers each list one share of the namespace's documents (``partition`` of the listing
    API, at most 256), in parallel; ``return_vectors`` includes each document's vectors; ``filters`` is the
    listing's filter object.
    """

    namespace_id: str
    api_key: Optional[str] = None
    base_url: Optional[str] = None
    partitions: int = 1
    return_vectors: bool = True
    filters: Optional[Mapping[str, Any]] = None
    page_size: int = READ_PAGE_SIZE

    def __post_init__(self) -> None:
        if not self.namespace_id:
            raise ApiValueError("namespace_id is required")
        if not 1 <= self.partitions <= MAX_READ_PARTITIONS:
            raise ApiValueError(
                f"partitions must be between 1 and {MAX_READ_PARTITIONS}, got {self.partitions}"
            )


def read_part(options: ReadOptions, index: int) -> Iterator[dict[str, Any]]:
    """Every document of partition ``index`` (of ``options.partitions``), page by page, as plain dicts."""
    from mixpeek.api.documents_api import DocumentsApi
    from mixpeek.client import Mixpeek

    request: dict[str, Any] = {"return_vectors": options.return_vectors, "limit": options.page_size}
    if options.partitions > 1:
        request["partition"] = {"index": index, "count": options.partitions}
    if options.filters is not None:
        request["filters"] = dict(options.filters)
    with Mixpeek(api_key=options.api_key, namespace=options.namespace_id, base_url=options.base_url) as mp:
        api = DocumentsApi(mp.api)
        cursor: Optional[str] = None
        while True:
            page = api.list_documents_ns(
                cursor=cursor,
                namespace_list_documents_request=request,  # type: ignore[arg-type]  # validated by the runtime
                x_namespace=options.namespace_id,
                _as_records=True,
            )
            results = page.get("results") or []
            for document in results:
                yield dict(document)
            cursor = (page.get("pagination") or {}).get("next_cursor")
            if not results or not cursor:
                return
