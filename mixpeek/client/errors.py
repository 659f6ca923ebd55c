"""Errors raised by the high-level client itself (HTTP errors come from `mixpeek.exceptions`).

Both derive from the SDK's one base exception, so ``except mixpeek.exceptions.OpenApiException`` (alias
``MixpeekError``) catches everything the SDK raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional

from mixpeek.exceptions import OpenApiException

if TYPE_CHECKING:
    from mixpeek.client.bulk_upsert import FailedBatch, UpsertResult

API_KEY_ENV = "MIXPEEK_API_KEY"


class MissingApiKeyError(OpenApiException):
    """No API key was given to `Mixpeek(...)` and none is set in the environment."""

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
    - ``failed_batches``: each rejected batch with its position, its document ids and the error;
    - ``not_sent_from``: position in the input of the first document never sent (None if all were sent).

    Every batch carried its own idempotency key (``FailedBatch.idempotency_key``), so re-sending the
    failed batches with the same keys cannot write anything twice.
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
            f"ids {_preview(batch.document_ids)}) failed: {batch.error}"
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


def _preview(ids: Sequence[str], limit: int = 3) -> str:
    """A short, readable list of ids: the first few, then how many more."""
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown}, ... (+{len(ids) - limit} more)"
