"""Errors of the high-level client.

Every HTTP error a `Mixpeek` method raises is a `MixpeekAPIError` (the published client's error class, with
``status``, ``detail``, ``retryable`` and ``retry_after``) and at the same time the `ApiException` family
class of its status (`NotFoundException` ...), so code written in either style catches it. Everything derives
from the SDK's one base exception, so ``except mixpeek.exceptions.OpenApiException`` (alias ``MixpeekError``)
catches everything the SDK raises.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Type

from mixpeek._runtime import record
from mixpeek._runtime.retry import HINTED_STATUSES, RetryPolicy
from mixpeek.exceptions import (
    ApiException,
    BadRequestException,
    ConflictException,
    ForbiddenException,
    NotFoundException,
    OpenApiException,
    RequestValidationError,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)

if TYPE_CHECKING:
    from mixpeek.client.bulk_upsert import FailedBatch, UpsertResult

#: Reads the server's wait advice the way the retry policy does (one owner for that parsing).
_ADVICE = RetryPolicy()


class MixpeekAPIError(ApiException):
    """The API answered with an error status (after the retry policy gave up).

    Besides `ApiException`'s attributes (``status``, ``reason``, ``body``, ``headers``, ``data``,
    ``operation``, ``attempts``): ``detail`` is the decoded error body (a `Record` dict, or the text when it
    is not JSON), ``retryable`` says whether the status is one a later retry may cure (429, 503) and
    ``retry_after`` the wait in seconds the server advised (Retry-After header or ``retry_after_seconds``),
    or None. ``MixpeekAPIError(status, detail)`` builds one by hand, as the published client allowed.
    """

    def __init__(self, status: Optional[int] = None, detail: Any = None, *args: Any, **kwargs: Any) -> None:
        if detail is not None and "body" not in kwargs:
            kwargs["body"] = detail if isinstance(detail, str) else json.dumps(detail, default=str)
        super().__init__(status, *args, **kwargs)

    @property
    def detail(self) -> Any:
        """The error body decoded as JSON (objects as `Record` dicts), else its text (None when empty)."""
        if not self.body:
            return None
        try:
            return record.loads(self.body)
        except ValueError:
            return self.body

    @property
    def retryable(self) -> bool:
        """True for the statuses a later retry may cure: 429 (rate limited) and 503 (unavailable)."""
        return self.status in HINTED_STATUSES

    @property
    def retry_after(self) -> Optional[float]:
        """Seconds the server advised waiting before trying again, or None."""
        body = (self.body or "").encode("utf-8")
        return _ADVICE.advised_wait(self.headers or {}, body)


class BadRequestError(BadRequestException, MixpeekAPIError):
    """HTTP 400, as both `MixpeekAPIError` and `BadRequestException`."""


class UnauthorizedError(UnauthorizedException, MixpeekAPIError):
    """HTTP 401, as both `MixpeekAPIError` and `UnauthorizedException`."""


class ForbiddenError(ForbiddenException, MixpeekAPIError):
    """HTTP 403, as both `MixpeekAPIError` and `ForbiddenException`."""


class NotFoundError(NotFoundException, MixpeekAPIError):
    """HTTP 404, as both `MixpeekAPIError` and `NotFoundException`."""


class ConflictError(ConflictException, MixpeekAPIError):
    """HTTP 409, as both `MixpeekAPIError` and `ConflictException`."""


class UnprocessableEntityError(UnprocessableEntityException, MixpeekAPIError):
    """HTTP 422, as both `MixpeekAPIError` and `UnprocessableEntityException`."""


class TooManyRequestsError(TooManyRequestsException, MixpeekAPIError):
    """HTTP 429, as both `MixpeekAPIError` and `TooManyRequestsException`."""


class ServiceError(ServiceException, MixpeekAPIError):
    """HTTP 5xx, as both `MixpeekAPIError` and `ServiceException`."""


_BY_FAMILY: Dict[Type[ApiException], Type[MixpeekAPIError]] = {
    BadRequestException: BadRequestError,
    UnauthorizedException: UnauthorizedError,
    ForbiddenException: ForbiddenError,
    NotFoundException: NotFoundError,
    ConflictException: ConflictError,
    UnprocessableEntityException: UnprocessableEntityError,
    TooManyRequestsException: TooManyRequestsError,
    ServiceException: ServiceError,
}


def as_api_error(error: ApiException) -> MixpeekAPIError:
    """The same error (status, body, headers, message ...) as a `MixpeekAPIError` of its status family."""
    if isinstance(error, MixpeekAPIError):
        return error
    family = next((cls for base, cls in _BY_FAMILY.items() if isinstance(error, base)), MixpeekAPIError)
    converted = family.__new__(family)
    converted.args = error.args
    converted.__dict__.update(error.__dict__)
    return converted


class ExistsDifferentlyError(ConflictError):
    """``create(..., exist_ok=True)`` found the resource already there, but with other settings than asked
    for. ``differences`` lists each differing field (``field: asked X, found Y``); ``existing`` is what
    the API holds. It is the 409 of the create call, so ``except ConflictException`` catches it too."""

    differences: List[str]
    existing: Any


def exists_differently(
    conflict: ApiException, what: str, differences: List[str], existing: Any
) -> ExistsDifferentlyError:
    """The create call's 409, as an `ExistsDifferentlyError` whose message names the differing fields."""
    error = ExistsDifferentlyError.__new__(ExistsDifferentlyError)
    error.__dict__.update(conflict.__dict__)
    error.differences = differences
    error.existing = existing
    error.message = (
        f"{what} already exists with other settings ({'; '.join(differences)}); create it under another "
        "name, change the existing one with update(), or delete it first"
    )
    error.args = (error.message,)
    return error


class UnsupportedOperationError(MixpeekAPIError, NotImplementedError):
    """A published client method whose operation API 0.82 does not have; nothing was sent.

    It carries status 501 (Not Implemented), as the local server answers for operations it does not
    emulate, so code that catches `MixpeekAPIError` (or `NotImplementedError`) handles it.
    """

    def __init__(self, method: str, operation: str) -> None:
        message = (
            f"{method}: API 0.82 has no {operation} operation, so nothing was sent "
            "(see docs/migrating.md for the nearest replacement)"
        )
        super().__init__(
            501,
            {"error": {"message": message}},
            "Not Implemented",
            operation=method,
            message=message,
        )


API_KEY_ENV = "MIXPEEK_API_KEY"


class MissingApiKeyError(OpenApiException, ValueError):
    """No API key was given to `Mixpeek(...)` and none is set in the environment.

    Also a `ValueError`, which is what the published client raised there."""

    def __init__(self) -> None:
        super().__init__(
            'No Mixpeek API key was provided. Pass it as Mixpeek(api_key="sk_...") or set the '
            f"{API_KEY_ENV} environment variable. Keys are created in the Mixpeek dashboard under "
            "Organization Settings."
        )


class BulkUpsertError(OpenApiException):
    """A bulk upsert stopped because at least one batch failed after the runtime's retries.

    It says exactly what happened to every document that was read from the input:

    - ``written``: the summed result of the batches the API accepted (``written.document_ids``);
    - ``failed_batches``: each rejected batch with its position, its document ids and the error (the whole
      exception; the message sums each up in one line: status and server message);
    - ``not_sent_from``: position in the input of the first document never sent (None if all were sent).

    Every batch carried its own idempotency key (``FailedBatch.idempotency_key``), so re-sending the
    failed batches with the same keys cannot write anything twice. The first failed batch's error is the
    ``__cause__`` (a `NotFoundException` for a missing namespace, for example), so
    ``isinstance(error.__cause__, NotFoundException)`` tells why the upsert stopped.
    """

    def __init__(
        self,
        written: UpsertResult,
        failed_batches: Sequence[FailedBatch],
        not_sent_from: Optional[int],
    ) -> None:
        self.written = written
        self.failed_batches = list(failed_batches)
        self.not_sent_from = not_sent_from
        super().__init__(self._describe())

    @property
    def written_document_ids(self) -> list[str]:
        """Ids of the documents the API confirmed as written."""
        return list(self.written.document_ids)

    @property
    def failed_document_ids(self) -> list[str]:
        """Ids of the documents in the batches that failed (not written)."""
        return [doc_id for batch in self.failed_batches for doc_id in batch.document_ids]

    def _describe(self) -> str:
        failures = "; ".join(
            f"batch {batch.index} (documents {batch.start}..{batch.start + len(batch.document_ids) - 1}, "
            f"ids {_preview(batch.document_ids)}) failed: {one_line(batch.error)}"
            for batch in self.failed_batches
        )
        written = self.written.document_ids
        message = (
            f"Bulk upsert failed: {failures}. Written: {len(written)} document(s)"
            f"{' (ids ' + _preview(written) + ')' if written else ''}; "
            f"not written: {len(self.failed_document_ids)} document(s) in the failed batch(es)"
        )
        if self.not_sent_from is not None:
            message += f"; documents from input position {self.not_sent_from} on were not sent"
        return message + "."


def one_line(error: BaseException) -> str:
    """An error in one line, for a summary of several: an HTTP error's own message (operation, status and
    the server's message, without the published package's lines of headers and body), else the first line
    of its text. The whole error stays on the object that holds it (`FailedBatch.error`)."""
    if isinstance(error, ApiException):
        return error.message
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__


def _preview(ids: Sequence[str], limit: int = 3) -> str:
    """A short, readable list of ids: the first few, then how many more."""
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown}, ... (+{len(ids) - limit} more)"


class HitPositionError(RequestValidationError, IndexError):
    """A hit position that a result does not have (nothing was sent).

    A `RequestValidationError` like every other refused argument, and an `IndexError`, which the published
    package raised for it, so ``except IndexError`` keeps working.
    """
