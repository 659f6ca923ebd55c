"""The storage interface shared by the in-memory and the SQLite backends.

State is a set of JSON records addressed by ``(table, scope, key)``: the table names the kind of resource
("namespaces", "collections", "documents", ...), the scope is the owner (usually a namespace id, or
``"<namespace>/<collection>"`` for documents) and the key the resource id. A record may carry a binary
blob next to it (documents keep their packed vectors there, so large float arrays never go through JSON).

Records returned by `get`/`scan` are shared, not copied: callers must treat them as read-only and `put` a
new dict to change one. All writes made inside one `batch()` are committed together (one SQLite
transaction); the engine holds its lock around every batch, so backends need no locking of their own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, NamedTuple, Optional

JsonDict = dict[str, Any]


class StoredItem(NamedTuple):
    """One record to write: its key, its JSON body and an optional binary blob."""

    key: str
    record: JsonDict
    blob: Optional[bytes] = None


class Storage(ABC):
    """Records by (table, scope, key), in insertion order within a scope."""

    @abstractmethod
    def get(self, table: str, scope: str, key: str) -> Optional[JsonDict]:
        """The record, or None when absent."""

    @abstractmethod
    def get_blob(self, table: str, scope: str, key: str) -> Optional[bytes]:
        """The record's blob, or None when absent or when it has none."""

    @abstractmethod
    def scan(self, table: str, scope: str) -> list[JsonDict]:
        """Every record of a scope, oldest first (an update keeps a record's place)."""

    @abstractmethod
    def scan_with_blobs(self, table: str, scope: str) -> Iterator[tuple[str, JsonDict, Optional[bytes]]]:
        """Every (key, record, blob) of a scope, oldest first; used to rebuild search indexes."""

    @abstractmethod
    def scopes(self, table: str) -> list[str]:
        """The scopes that hold at least one record of a table."""

    @abstractmethod
    def count(self, table: str, scope: str) -> int:
        """How many records a scope holds."""

    @abstractmethod
    def put_many(self, table: str, scope: str, items: Sequence[StoredItem]) -> None:
        """Insert or replace records (and their blobs)."""

    @abstractmethod
    def delete(self, table: str, scope: str, key: str) -> bool:
        """Remove one record; False when it did not exist."""

    @abstractmethod
    def drop_scope(self, table: str, scope: str) -> None:
        """Remove every record of a scope."""

    @abstractmethod
    def batch(self) -> AbstractContextManager[None]:
        """Group writes so they are committed together (nesting joins the outer batch)."""

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release resources (files, connections)."""

    def put(self, table: str, scope: str, key: str, record: JsonDict, blob: Optional[bytes] = None) -> None:
        """Insert or replace one record."""
        self.put_many(table, scope, [StoredItem(key, record, blob)])
