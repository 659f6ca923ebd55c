"""Where the local server keeps its state: one `Storage` interface, an in-memory and a SQLite backend."""

from mixpeek.local.storage.base import Storage, StoredItem
from mixpeek.local.storage.lock import DataDirInUse
from mixpeek.local.storage.memory import MemoryStorage
from mixpeek.local.storage.sqlite import SqliteStorage

__all__ = ["DataDirInUse", "MemoryStorage", "SqliteStorage", "Storage", "StoredItem"]
