"""Upserting any number of documents: batches of the API's limit, optional concurrency, progress, and
an idempotency key per batch so a retried batch can never be written twice.

The HTTP call itself is the generated ``upsert_documents_byo_namespaces``; this module only decides what
goes into each call and sums what comes back.
"""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sized
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TextIO, Union

from mixpeek._runtime.record import Record
from mixpeek.client.errors import BulkUpsertError
from mixpeek.exceptions import ApiValueError, RequestValidationError

#: What one batch's request returns: the API's upsert response as a record.
BatchResponse = Mapping[str, Any]

#: The most documents the API accepts in one upsert request.
MAX_BATCH_SIZE = 1000


@dataclass(frozen=True)
class UpsertProgress:
    """Reported after every batch the API accepted."""

    batches_done: int
    documents_done: int
    total_documents: Optional[int]  # known when the input has a length


ProgressCallback = Callable[[UpsertProgress], None]


@dataclass(frozen=True)
class Batch:
    """One request's worth of documents, where it starts in the input, and its idempotency key."""

    index: int
    start: int
    documents: list[Any]
    idempotency_key: str

    @property
    def document_ids(self) -> list[str]:
        return [document_id_of(document) for document in self.documents]


@dataclass(frozen=True)
class FailedBatch:
    """A batch the API did not accept (after the runtime's retries), and why."""

    index: int
    start: int
    document_ids: list[str]
    idempotency_key: str
    error: BaseException


class UpsertResult(Record):
    """The sum of every batch's upsert response: a plain dict with the response's keys, plus ``batches``.

    ``res["write_token"]``, ``res.inserted`` and ``json.dumps(res)`` work as on any record. Counts
    (``inserted`` and any other integer the API reports) add up over the batches, ``document_ids`` and the
    other lists are concatenated in input order, ``dropped_payload_fields`` merged, and every other value
    (``write_token``, ``consistency`` ...) is the last batch's. ``batches`` (how many requests were made) is
    an attribute, not a key, so the dict holds exactly what the API answered.
    """

    __slots__ = ("_batches",)

    def __init__(self, *args: Any, batches: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        object.__setattr__(self, "_batches", batches)

    @property
    def batches(self) -> int:
        """How many upsert requests were made."""
        return int(self._batches)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_result, (dict(self), self.batches))

    def copy(self) -> UpsertResult:
        """A shallow copy that is still an `UpsertResult`."""
        return UpsertResult(self, batches=self.batches)

    def summary(self, ids: bool = False) -> str:
        """One line with every count and the write token; the document ids (all of them) only with
        ``ids=True``. It is also the `repr`, which leaves the ids out so a large upsert prints short."""
        from mixpeek._runtime import display

        return display.upsert_text(self, self.batches, ids=ids)

    def __repr__(self) -> str:
        return self.summary()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.summary())

    def _repr_html_(self) -> str:
        from mixpeek._runtime import display

        return display.upsert_html(self, self.batches)


def _rebuild_result(values: dict[str, Any], batches: int) -> UpsertResult:
    return UpsertResult(values, batches=batches)


def document_id_of(document: Any) -> str:
    """The ``document_id`` of a document given as a dict or as a model ("?" when it has none)."""
    value = (
        document.get("document_id")
        if isinstance(document, Mapping)
        else getattr(document, "document_id", None)
    )
    return str(value) if value is not None else "?"


def merge_responses(responses: Iterable[BatchResponse]) -> UpsertResult:
    """Sum batch responses, given in input order, into one `UpsertResult` (an answer without a JSON object,
    such as an empty body, adds nothing but its batch)."""
    merged: dict[str, Any] = {"inserted": 0, "document_ids": []}
    batches = 0
    for response in responses:
        batches += 1
        for name, value in response.items() if isinstance(response, Mapping) else ():
            _merge_value(merged, name, value)
    return UpsertResult(merged, batches=batches)


def _merge_value(merged: dict[str, Any], name: str, value: Any) -> None:
    """Fold one batch's ``name: value`` into the running sum (see `UpsertResult` for the rules)."""
    current = merged.get(name)
    if isinstance(value, bool) or value is None:
        merged[name] = value if value is not None else current
    elif isinstance(value, int) and isinstance(current, int) and not isinstance(current, bool):
        merged[name] = current + value
    elif isinstance(value, list):
        merged[name] = (current if isinstance(current, list) else []) + list(value)
    elif name == "dropped_payload_fields" and isinstance(value, Mapping):
        target = current if isinstance(current, dict) else {}
        for doc_id, fields in value.items():
            target.setdefault(doc_id, []).extend(fields)
        merged[name] = target
    else:
        merged[name] = value


def _chunks(documents: Iterable[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    """(start position, documents) for consecutive slices of at most ``size`` documents, read lazily."""
    chunk: list[Any] = []
    start = 0
    for document in documents:
        chunk.append(document)
        if len(chunk) == size:
            yield start, chunk
            start += size
            chunk = []
    if chunk:
        yield start, chunk


def plan_batches(documents: Iterable[Any], size: int, idempotency_key: Optional[str]) -> Iterator[Batch]:
    """Cut the input into `Batch` objects, each with a key that stays the same however often it is sent.

    With one batch the key is ``idempotency_key`` itself (so a caller's own key is sent verbatim); with
    several, batch ``i`` gets ``<key>-<i>``. Without a caller key a random one is drawn per call.
    """
    base = idempotency_key or uuid.uuid4().hex
    chunks = _chunks(documents, size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:
        yield Batch(0, first[0], first[1], base)
        return
    for index, (start, docs) in enumerate(_prepend(first, second, chunks)):
        yield Batch(index, start, docs, f"{base}-{index}")


def _prepend(
    first: tuple[int, list[Any]], second: tuple[int, list[Any]], rest: Iterator[tuple[int, list[Any]]]
) -> Iterator[tuple[int, list[Any]]]:
    yield first
    yield second
    yield from rest


@dataclass
class _Progress:
    """Counts completed batches and tells the callback and the optional tqdm bar."""

    total: Optional[int]
    callback: Optional[ProgressCallback]
    bar: Any = None
    batches_done: int = 0
    documents_done: int = 0
    _closed: bool = field(default=False, repr=False)

    def advance(self, batch: Batch) -> None:
        self.batches_done += 1
        self.documents_done += len(batch.documents)
        if self.bar is not None:
            self.bar.update(len(batch.documents))
        if self.callback is not None:
            self.callback(UpsertProgress(self.batches_done, self.documents_done, self.total))

    def close(self) -> None:
        if self.bar is not None and not self._closed:
            self.bar.close()
            self._closed = True


class PlainProgressBar:
    """The progress bar used when tqdm is not installed: one line on stderr, rewritten in place (``\\r``,
    which terminals and notebooks both honour), ended by a newline on `close`."""

    def __init__(self, total: Optional[int], stream: Optional[TextIO] = None) -> None:
        self.total = total
        self.done = 0
        self._stream = stream

    def _write(self, text: str) -> None:
        stream = self._stream or sys.stderr
        stream.write(text)
        stream.flush()

    def update(self, count: int) -> None:
        self.done += count
        of_total = f"/{self.total:,}" if self.total is not None else ""
        self._write(f"\rupsert: {self.done:,}{of_total} documents")

    def close(self) -> None:
        self._write("\n")


def _progress_bar(total: Optional[int]) -> Any:
    """tqdm's notebook-aware bar (`tqdm.auto`) when tqdm is installed, else a `PlainProgressBar`."""
    try:  # optional: tqdm is not a dependency, and is only used when installed
        tqdm = importlib.import_module("tqdm.auto").tqdm
    except ImportError:
        return PlainProgressBar(total)
    return tqdm(total=total, unit="doc", desc="upsert")


def _make_progress(documents: Iterable[Any], progress: Union[bool, ProgressCallback, None]) -> _Progress:
    total = len(documents) if isinstance(documents, Sized) else None
    if callable(progress):
        return _Progress(total, progress)
    return _Progress(total, None, _progress_bar(total) if progress else None)


def upsert_in_batches(
    send: Callable[[Batch], BatchResponse],
    documents: Iterable[Any],
    *,
    batch_size: int = MAX_BATCH_SIZE,
    concurrency: int = 1,
    idempotency_key: Optional[str] = None,
    progress: Union[bool, ProgressCallback, None] = None,
) -> UpsertResult:
    """Send ``documents`` through ``send`` in batches (``concurrency`` at a time) and sum the results.

    On the first failed batch no further batch is started; batches already in flight finish; then
    `BulkUpsertError` reports what was written and what was not. When nothing was written because ``send``
    refused the documents before sending them (`RequestValidationError`), that refusal is raised itself: it
    is a mistake in the call, which a caller catches as such.
    """
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise ApiValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}, got {batch_size}")
    if concurrency < 1:
        raise ApiValueError(f"concurrency must be at least 1, got {concurrency}")
    if isinstance(documents, (str, bytes, Mapping)):
        raise ApiValueError("documents must be an iterable of documents (a list of dicts, for example)")
    tracker = _make_progress(documents, progress)
    batches = plan_batches(documents, batch_size, idempotency_key)
    try:
        if concurrency == 1:
            outcome = _run_serially(send, batches, tracker)
        else:
            outcome = _run_concurrently(send, batches, tracker, concurrency)
    finally:
        tracker.close()
    responses, failures = outcome
    result = merge_responses(responses[index] for index in sorted(responses))
    if failures:
        ordered = sorted(failures, key=lambda f: f.index)
        if not responses and all(isinstance(failure.error, RequestValidationError) for failure in ordered):
            raise ordered[0].error  # nothing was sent
        not_sent = next(batches, None)
        # the first failed batch's error is the cause: `error.__cause__` is the ApiException family class
        raise BulkUpsertError(result, ordered, not_sent.start if not_sent else None) from ordered[0].error
    return result


_Outcome = tuple[dict[int, BatchResponse], list[FailedBatch]]


def _failure(batch: Batch, error: BaseException) -> FailedBatch:
    return FailedBatch(batch.index, batch.start, batch.document_ids, batch.idempotency_key, error)


def _run_serially(
    send: Callable[[Batch], BatchResponse], batches: Iterator[Batch], tracker: _Progress
) -> _Outcome:
    responses: dict[int, BatchResponse] = {}
    for batch in batches:
        try:
            responses[batch.index] = send(batch)
        except Exception as error:  # reported with what was written; re-raised as BulkUpsertError
            return responses, [_failure(batch, error)]
        tracker.advance(batch)
    return responses, []


def _run_concurrently(
    send: Callable[[Batch], BatchResponse], batches: Iterator[Batch], tracker: _Progress, concurrency: int
) -> _Outcome:
    responses: dict[int, BatchResponse] = {}
    failures: list[FailedBatch] = []
    in_flight: dict[Future[BatchResponse], Batch] = {}

    def collect(futures: Iterable[Future[BatchResponse]]) -> None:
        for future in futures:
            batch = in_flight.pop(future)
            error = future.exception()
            if error is not None:
                failures.append(_failure(batch, error))
            else:
                responses[batch.index] = future.result()
                tracker.advance(batch)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="mixpeek-upsert") as pool:
        for batch in batches:
            in_flight[pool.submit(send, batch)] = batch
            if len(in_flight) >= concurrency:
                done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
                collect(done)
            if failures:
                break
        collect(list(wait(list(in_flight)).done))
    return responses, failures
