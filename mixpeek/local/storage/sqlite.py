"""The durable backend: a SQLite file, with every record also cached in memory for fast reads.

Writes go to the database first and are committed (WAL journal, ``synchronous=FULL``) before the request
that made them is answered, so anything a client saw succeed survives a crash or a restart. Reads are
served from the in-memory copy that `MemoryStorage` provides; it is filled from the file when the storage
opens. If a batch fails half-way the transaction is rolled back and the cache reloaded from the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Union

from mixpeek.local.storage.base import StoredItem
from mixpeek.local.storage.lock import DataDirLock
from mixpeek.local.storage.memory import MemoryStorage

DATABASE_FILE = "mixpeek-local.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    tbl   TEXT NOT NULL,
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    body  TEXT NOT NULL,
    blob  BLOB,
    PRIMARY KEY (tbl, scope, key)
)
"""

_UPSERT = """
INSERT INTO records (tbl, scope, key, body, blob) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (tbl, scope, key) DO UPDATE SET body = excluded.body, blob = excluded.blob
"""


class SqliteStorage(MemoryStorage):
    """`MemoryStorage` whose every write is also committed to ``<data_dir>/mixpeek-local.sqlite3``.

    The storage holds the directory's lock (`DataDirLock`) while open: a second one on the same
    directory raises `DataDirInUse`."""

    def __init__(self, data_dir: Union[str, Path]) -> None:
        super().__init__()
        directory = Path(data_dir)
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = DataDirLock(directory)  # DataDirInUse when another server has the directory
        self.path = directory / DATABASE_FILE
        try:
            # Autocommit mode: transactions are opened explicitly by `batch()`.
            self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(_SCHEMA)
            self._depth = 0
            self._load()
        except BaseException:
            self._lock.release()
            raise

    def _load(self) -> None:
        """Fill the in-memory cache from the file, in the order records were first written."""
        self._scopes.clear()
        rows = self._db.execute("SELECT tbl, scope, key, body, blob FROM records ORDER BY rowid")
        for table, scope, key, body, blob in rows:
            super().put_many(table, scope, [StoredItem(key, json.loads(body), blob)])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            self._load()
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    def batch(self) -> AbstractContextManager[None]:
        return self._transaction()

    def put_many(self, table: str, scope: str, items: Sequence[StoredItem]) -> None:
        rows = [(table, scope, item.key, json.dumps(item.record), item.blob) for item in items]
        with self._transaction():
            self._db.executemany(_UPSERT, rows)
            super().put_many(table, scope, items)

    def delete(self, table: str, scope: str, key: str) -> bool:
        with self._transaction():
            self._db.execute(
                "DELETE FROM records WHERE tbl = ? AND scope = ? AND key = ?", (table, scope, key)
            )
            return super().delete(table, scope, key)

    def drop_scope(self, table: str, scope: str) -> None:
        with self._transaction():
            self._db.execute("DELETE FROM records WHERE tbl = ? AND scope = ?", (table, scope))
            super().drop_scope(table, scope)

    def close(self) -> None:
        """Close the database, then release the data directory for another server."""
        try:
            self._db.close()
        finally:
            self._lock.release()
