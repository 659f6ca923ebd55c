"""One searchable set of documents: a standalone namespace's documents, or one collection's.

A `Corpus` stores document records (JSON) with their dense vectors (a packed blob) in the `Storage`, and
keeps one `VectorIndex` per vector name for search. Indexes are derived data: they are rebuilt from storage
when a corpus is first used after a restart. Callers hold the engine's lock.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any, Callable, NamedTuple, Optional

from mixpeek.local.consistency import PreviousVersion, RecentWrites
from mixpeek.local.storage import Storage, StoredItem
from mixpeek.local.vector_codec import pack_vectors, unpack_vectors
from mixpeek.local.vector_index import VectorIndex, new_vector_index, score_pair

JsonDict = dict[str, Any]
RecordPredicate = Callable[[JsonDict], bool]
DOCUMENTS = "documents"
DEFAULT_METRIC = "cosine"


class IndexSpec(NamedTuple):
    """The shape of one named vector: its dimension and metric."""

    dimension: int
    metric: str


class DocumentWrite(NamedTuple):
    """One document to store: its id, its record and its dense vectors by name."""

    document_id: str
    record: JsonDict
    vectors: Mapping[str, Sequence[float]]


class SearchHit(NamedTuple):
    """A matching document version and its score."""

    document_id: str
    score: float
    record: JsonDict


class Corpus:
    """Documents of one storage scope and their vector indexes."""

    def __init__(
        self,
        storage: Storage,
        scope: str,
        specs: Mapping[str, IndexSpec],
        backend: str = "auto",
        lag_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.storage = storage
        self.scope = scope
        self.backend = backend
        self.indexes: dict[str, VectorIndex] = {}
        self.recent = RecentWrites(lag_seconds, clock)
        for name, spec in specs.items():
            self.ensure_index(name, spec)
        self._rebuild()

    def _rebuild(self) -> None:
        pending: dict[str, tuple[list[str], list[list[float]]]] = {}
        for key, _record, blob in self.storage.scan_with_blobs(DOCUMENTS, self.scope):
            for name, vector in unpack_vectors(blob or b"").items():
                keys, vectors = pending.setdefault(name, ([], []))
                keys.append(key)
                vectors.append(vector)
        for name, (keys, vectors) in pending.items():
            index = self.ensure_index(name, IndexSpec(len(vectors[0]), DEFAULT_METRIC))
            index.upsert_many(keys, vectors)

    def ensure_index(self, name: str, spec: IndexSpec) -> VectorIndex:
        """The index for a vector name, created with `spec` when it does not exist yet."""
        index = self.indexes.get(name)
        if index is None:
            index = new_vector_index(spec.dimension, spec.metric, self.backend)
            self.indexes[name] = index
        return index

    def __len__(self) -> int:
        return self.storage.count(DOCUMENTS, self.scope)

    def get(self, document_id: str) -> Optional[JsonDict]:
        """The latest record of a document, or None."""
        return self.storage.get(DOCUMENTS, self.scope, document_id)

    def vectors(self, document_id: str) -> dict[str, list[float]]:
        """A document's stored dense vectors (float32 precision)."""
        return unpack_vectors(self.storage.get_blob(DOCUMENTS, self.scope, document_id) or b"")

    def records(self) -> list[JsonDict]:
        """Every document record, oldest first."""
        return self.storage.scan(DOCUMENTS, self.scope)

    def _previous(self, document_id: str) -> PreviousVersion:
        record = self.get(document_id)
        return PreviousVersion(record, self.vectors(document_id) if record is not None else None)

    def write(self, writes: Sequence[DocumentWrite]) -> None:
        """Store documents (replacing same ids) and index their vectors."""
        if self.recent.lag_seconds > 0:
            for write in writes:
                self.recent.record(write.document_id, self._previous(write.document_id))
        items = [StoredItem(w.document_id, w.record, pack_vectors(w.vectors)) for w in writes]
        self.storage.put_many(DOCUMENTS, self.scope, items)
        by_name: dict[str, tuple[list[str], list[Sequence[float]]]] = {}
        for write in writes:
            for name, index in self.indexes.items():
                if name not in write.vectors:
                    index.remove(write.document_id)
            for name, vector in write.vectors.items():
                keys, vectors = by_name.setdefault(name, ([], []))
                keys.append(write.document_id)
                vectors.append(vector)
        for name, (keys, vectors) in by_name.items():
            self.ensure_index(name, IndexSpec(len(vectors[0]), DEFAULT_METRIC)).upsert_many(keys, vectors)

    def delete(self, document_id: str) -> bool:
        """Remove a document; False when it did not exist."""
        if self.recent.lag_seconds > 0 and self.get(document_id) is not None:
            self.recent.record(document_id, self._previous(document_id))
        for index in self.indexes.values():
            index.remove(document_id)
        return self.storage.delete(DOCUMENTS, self.scope, document_id)

    def visible_records(self, latest: bool) -> list[JsonDict]:
        """Every record a reader sees: the latest state, or the lagging snapshot when `latest` is False."""
        hidden = {} if latest else self.recent.hidden_versions()
        if not hidden:
            return self.records()
        current = [r for r in self.records() if r.get("document_id") not in hidden]
        older = [v.record for v in hidden.values() if v.record is not None]
        return current + older

    def search(
        self,
        name: str,
        query: Sequence[float],
        top_k: int,
        accept: Optional[RecordPredicate],
        latest: bool = True,
    ) -> list[SearchHit]:
        """The `top_k` best documents for a query on one vector, among records `accept` allows."""
        index = self.indexes.get(name)
        if index is None:
            return []
        hidden = {} if latest else self.recent.hidden_versions()

        def accept_key(key: str) -> bool:
            if key in hidden:
                return False
            record = self.get(key)
            return record is not None and (accept is None or accept(record))

        needs_check = accept is not None or bool(hidden)
        hits = [
            SearchHit(key, score, record)
            for key, score in index.search(query, top_k, accept_key if needs_check else None)
            if (record := self.get(key)) is not None
        ]
        for key, version in hidden.items():
            old_vector = (version.vectors or {}).get(name)
            if version.record is None or old_vector is None:
                continue
            if accept is None or accept(version.record):
                hits.append(SearchHit(key, score_pair(index.metric, query, old_vector), version.record))
        hits.sort(key=lambda hit: hit.score, reverse=True)
        return hits[:top_k]
