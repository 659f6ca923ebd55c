"""The server's state and the operations every resource module shares.

`Engine` owns the storage backend, the one lock that serializes access to it, the search corpora, the write
sequence and the write-token signer. Resource handlers run with the lock held (the HTTP layer takes it), so
each request sees and leaves a consistent state.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from mixpeek.local.consistency import WriteTokens, body_fingerprint
from mixpeek.local.corpus import DOCUMENTS, Corpus, IndexSpec
from mixpeek.local.errors import ApiError, conflict, not_found
from mixpeek.local.options import LocalOptions
from mixpeek.local.storage import MemoryStorage, SqliteStorage, Storage

JsonDict = dict[str, Any]

NAMESPACES = "namespaces"
META = "meta"
IDEMPOTENCY = "idempotency"
#: Tables whose records are scoped by a namespace id (documents and objects use "<namespace>/<owner>").
NAMESPACE_TABLES = ("collections", "buckets", "retrievers", "tasks", IDEMPOTENCY)
NESTED_TABLES = (DOCUMENTS, "objects")
STANDALONE = "_standalone"


def scope_owner(scope: str) -> str:
    """The namespace id of a nested scope "<namespace>/<collection, bucket or _standalone>".

    The last segment is the inner owner (ids made by the server, never containing "/"), so the namespace
    id is matched whole, even one stored before ids were checked against their pattern.
    """
    return scope.rpartition("/")[0]


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp."""
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


class Engine:
    """Shared state and helpers for the resource handlers."""

    def __init__(self, options: LocalOptions) -> None:
        self.options = options
        self.storage: Storage = SqliteStorage(options.data_dir) if options.data_dir else MemoryStorage()
        self.lock = threading.RLock()
        self._corpora: dict[str, Corpus] = {}
        self.tokens = WriteTokens(self._token_secret())
        sequence = self.storage.get(META, "", "sequence")
        self._sequence = int(sequence["value"]) if sequence else 0

    def _token_secret(self) -> bytes:
        stored = self.storage.get(META, "", "token_secret")
        if stored is None:
            stored = {"value": secrets.token_hex(32)}
            self.storage.put(META, "", "token_secret", stored)
        return bytes.fromhex(str(stored["value"]))

    def close(self) -> None:
        """Release the storage backend."""
        with self.lock:
            self.storage.close()

    # ids, time and sequence -----------------------------------------------------------------------------
    @staticmethod
    def new_id(prefix: str) -> str:
        """A fresh resource id such as ``col_3f9a0c1d2b4e``."""
        return f"{prefix}_{secrets.token_hex(6)}"

    def next_sequence(self) -> int:
        """The next write sequence number (persisted with the write that uses it)."""
        self._sequence += 1
        self.storage.put(META, "", "sequence", {"value": self._sequence})
        return self._sequence

    # namespaces ---------------------------------------------------------------------------------------
    def find_namespace(self, identifier: str) -> Optional[JsonDict]:
        """A namespace by id, else by name; None when neither matches."""
        record = self.storage.get(NAMESPACES, "", identifier)
        if record is not None:
            return record
        return next(
            (ns for ns in self.storage.scan(NAMESPACES, "") if ns.get("namespace_name") == identifier), None
        )

    def namespace(self, identifier: str) -> JsonDict:
        """A namespace by id or name; 404 when it does not exist."""
        record = self.find_namespace(identifier)
        if record is None:
            raise not_found("namespace", identifier)
        return record

    def index_specs(self, namespace: JsonDict) -> dict[str, IndexSpec]:
        """The vector indexes a namespace declares (name -> dimension and metric)."""
        specs: dict[str, IndexSpec] = {}
        for config in namespace.get("vector_configs") or []:
            specs[str(config["name"])] = IndexSpec(
                int(config["dimension"]), str(config.get("metric") or "cosine")
            )
        return specs

    def drop_namespace(self, namespace_id: str) -> None:
        """Delete a namespace and everything it owns."""
        with self.storage.batch():
            for table in NAMESPACE_TABLES:
                self.storage.drop_scope(table, namespace_id)
            for table in NESTED_TABLES:
                for scope in self.owned_scopes(table, namespace_id):
                    self.storage.drop_scope(table, scope)
            self.storage.delete(NAMESPACES, "", namespace_id)
        for scope in [s for s in self._corpora if scope_owner(s) == namespace_id]:
            del self._corpora[scope]

    def owned_scopes(self, table: str, namespace_id: str) -> list[str]:
        """The nested scopes ("<namespace>/<owner>") of a table that belong to exactly this namespace."""
        return [scope for scope in self.storage.scopes(table) if scope_owner(scope) == namespace_id]

    # corpora ------------------------------------------------------------------------------------------
    @staticmethod
    def corpus_scope(namespace_id: str, collection_id: Optional[str]) -> str:
        """The storage scope of a namespace's standalone documents or of one collection's documents."""
        return f"{namespace_id}/{collection_id or STANDALONE}"

    def corpus(self, namespace: JsonDict, collection_id: Optional[str] = None) -> Corpus:
        """The corpus of a namespace's standalone documents (no collection) or of one collection."""
        scope = self.corpus_scope(str(namespace["namespace_id"]), collection_id)
        corpus = self._corpora.get(scope)
        if corpus is None:
            corpus = Corpus(
                self.storage,
                scope,
                self.index_specs(namespace),
                backend=self.options.vector_backend,
                lag_seconds=self.options.read_lag_seconds,
                clock=self.options.clock,
            )
            self._corpora[scope] = corpus
        return corpus

    def drop_corpus(self, namespace_id: str, collection_id: str) -> None:
        """Delete a collection's documents."""
        scope = self.corpus_scope(namespace_id, collection_id)
        self.storage.drop_scope(DOCUMENTS, scope)
        self._corpora.pop(scope, None)

    # generic lookups ----------------------------------------------------------------------------------
    def find(self, table: str, scope: str, identifier: str, name_field: str) -> Optional[JsonDict]:
        """A record by id, else by its name field."""
        record = self.storage.get(table, scope, identifier)
        if record is not None:
            return record
        return next((r for r in self.storage.scan(table, scope) if r.get(name_field) == identifier), None)

    def require(self, table: str, scope: str, identifier: str, name_field: str, resource: str) -> JsonDict:
        """A record by id or name; 404 naming the resource when absent."""
        record = self.find(table, scope, identifier, name_field)
        if record is None:
            raise not_found(resource, identifier)
        return record

    def ensure_unique_name(self, table: str, scope: str, name_field: str, name: str, resource: str) -> None:
        """409 when a record of the scope already has this name."""
        if any(record.get(name_field) == name for record in self.storage.scan(table, scope)):
            raise conflict(f"A {resource} named '{name}' already exists", name=name)

    # idempotency --------------------------------------------------------------------------------------
    def idempotency_log(self, namespace_id: str) -> dict[str, int]:
        """``"<operation>:<key>" -> replays`` for every idempotency key a namespace's writes used."""
        return {
            key: int(record.get("replays", 0))
            for key, record, _ in self.storage.scan_with_blobs(IDEMPOTENCY, namespace_id)
        }

    def idempotent(
        self,
        namespace_id: str,
        operation: str,
        key: Optional[str],
        body: Any,
        perform: Callable[[], JsonDict],
    ) -> JsonDict:
        """Run a write once per idempotency key: replay the stored result, or 409 on a different body.

        The idempotency log (`idempotency_log`) counts each key's replays, so a caller can see that a re-sent
        request was answered from the log rather than applied again.
        """
        if not key:
            return perform()
        storage_key = f"{operation}:{key}"
        fingerprint = body_fingerprint(body)
        previous = self.storage.get(IDEMPOTENCY, namespace_id, storage_key)
        if previous is not None:
            if previous["fingerprint"] != fingerprint:
                raise ApiError(
                    409,
                    f"Idempotency key '{key}' was already used with a different request body",
                    error_type="IdempotencyConflictError",
                    details={"idempotency_key": key},
                )
            result: JsonDict = previous["response"]
            replayed = {**previous, "replays": int(previous.get("replays", 0)) + 1}
            self.storage.put(IDEMPOTENCY, namespace_id, storage_key, replayed)
            return result
        with self.storage.batch():
            result = perform()
            self.storage.put(
                IDEMPOTENCY, namespace_id, storage_key, {"fingerprint": fingerprint, "response": result}
            )
        return result
