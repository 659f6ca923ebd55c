"""The default backend: plain dictionaries, gone when the process ends."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Optional

from mixpeek.local.storage.base import JsonDict, Storage, StoredItem

_Entry = tuple[JsonDict, Optional[bytes]]


class MemoryStorage(Storage):
    """Records kept in dicts keyed by (table, scope); Python dicts keep insertion order for `scan`."""

    def __init__(self) -> None:
        self._scopes: dict[tuple[str, str], dict[str, _Entry]] = {}

    def _scope(self, table: str, scope: str) -> dict[str, _Entry]:
        return self._scopes.get((table, scope), {})

    def get(self, table: str, scope: str, key: str) -> Optional[JsonDict]:
        entry = self._scope(table, scope).get(key)
        return entry[0] if entry is not None else None

    def get_blob(self, table: str, scope: str, key: str) -> Optional[bytes]:
        entry = self._scope(table, scope).get(key)
        return entry[1] if entry is not None else None

    def scan(self, table: str, scope: str) -> list[JsonDict]:
        return [record for record, _ in self._scope(table, scope).values()]

    def scan_with_blobs(self, table: str, scope: str) -> Iterator[tuple[str, JsonDict, Optional[bytes]]]:
        for key, (record, blob) in list(self._scope(table, scope).items()):
            yield key, record, blob

    def scopes(self, table: str) -> list[str]:
        return [scope for (name, scope), entries in self._scopes.items() if name == table and entries]

    def count(self, table: str, scope: str) -> int:
        return len(self._scope(table, scope))

    def put_many(self, table: str, scope: str, items: Sequence[StoredItem]) -> None:
        entries = self._scopes.setdefault((table, scope), {})
        for item in items:
            entries[item.key] = (item.record, item.blob)

    def delete(self, table: str, scope: str, key: str) -> bool:
        return self._scopes.get((table, scope), {}).pop(key, None) is not None

    def drop_scope(self, table: str, scope: str) -> None:
        self._scopes.pop((table, scope), None)

    def batch(self) -> AbstractContextManager[None]:
        return nullcontext()
