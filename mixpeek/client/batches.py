"""``mp.batches``: the processing batches of a bucket (status, ingest audit, failed documents)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, cast

from typing_extensions import Unpack

from mixpeek._runtime.record import Record
from mixpeek.client._core import CallOptions, ClientCore

if TYPE_CHECKING:
    from mixpeek.records import (
        BatchModelRecord,
    )


class Batches:
    """A batch is what a collection trigger processes. Every method also takes the per-call options."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def get(self, bucket_identifier: str, batch_id: str, **options: Unpack[CallOptions]) -> BatchModelRecord:
        """A batch's status and progress."""
        return cast(
            "BatchModelRecord",
            self._core.call(
                self._core.bucket_batches.get_batch_buckets_batches,
                bucket_identifier,
                batch_id,
                options=options,
            ),
        )

    def audit(self, bucket_identifier: str, batch_id: str, **options: Unpack[CallOptions]) -> Any:
        """A batch's ingest accounting (``all_balanced``, ``has_lost_objects`` ...), to check after a trigger
        that every object was processed."""
        return self._core.call(
            self._core.bucket_batches.get_batch_audit_buckets_batches,
            bucket_identifier,
            batch_id,
            options=options,
        )

    def failed_documents(
        self,
        bucket_identifier: str,
        batch_id: str,
        *,
        tier_num: Optional[int] = None,
        collection_id: Optional[str] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        **options: Unpack[CallOptions],
    ) -> Record:
        """The documents of a batch whose processing failed (optionally of one tier or collection)."""
        return cast(
            "Record",
            self._core.call(
                self._core.bucket_batches.get_failed_documents_buckets_batches_batch,
                bucket_identifier,
                batch_id,
                tier_num=tier_num,
                collection_id=collection_id,
                limit=limit,
                offset=offset,
                options=options,
            ),
        )
