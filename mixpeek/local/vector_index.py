"""Exact nearest-neighbour search over one named vector of one corpus.

`VectorIndex` keeps one dense vector per document key and answers top-k queries by scoring every stored
vector (exact, no approximation), skipping the keys a filter rejects. Scores are "higher is better" for
every metric so that fused and filtered results sort the same way:

* ``cosine``: cosine similarity in [-1, 1] (a zero vector scores 0);
* ``dot``: the dot product;
* ``euclidean``: ``1 / (1 + distance)`` in (0, 1], so the nearest vector has the highest score.

Vectors are stored as 32-bit floats, like the vector databases behind the hosted API. The numpy backend is
used when numpy can be imported; otherwise a pure-Python backend computes the same scores (slower).
"""

from __future__ import annotations

import heapq
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Callable, Optional

Accept = Callable[[str], bool]
Hit = tuple[str, float]

METRIC_ALIASES = {
    "cosine": "cosine",
    "cos": "cosine",
    "dot": "dot",
    "dot_product": "dot",
    "dotproduct": "dot",
    "ip": "dot",
    "inner_product": "dot",
    "euclidean": "euclidean",
    "euclid": "euclidean",
    "l2": "euclidean",
}


def normalize_metric(name: str) -> str:
    """The canonical metric name for a user-given one; ValueError for an unknown metric."""
    try:
        return METRIC_ALIASES[name.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown metric {name!r}; expected cosine, dot or euclidean") from None


def score_pair(metric: str, query: Sequence[float], vector: Sequence[float]) -> float:
    """The score of one vector for a query, by the module's definitions (used for one-off comparisons)."""
    if metric == "euclidean":
        distance = math.sqrt(sum((q - v) * (q - v) for q, v in zip(query, vector)))
        return 1.0 / (1.0 + distance)
    dot = sum(q * v for q, v in zip(query, vector))
    if metric == "dot":
        return dot
    norms = math.sqrt(sum(q * q for q in query)) * math.sqrt(sum(v * v for v in vector))
    return dot / norms if norms else 0.0


class VectorIndex(ABC):
    """Dense vectors of one dimension and metric, keyed by document id."""

    def __init__(self, dimension: int, metric: str) -> None:
        self.dimension = dimension
        self.metric = normalize_metric(metric)

    @abstractmethod
    def __len__(self) -> int:
        """How many vectors the index holds."""

    @abstractmethod
    def __contains__(self, key: object) -> bool:
        """Whether a key has a vector."""

    @abstractmethod
    def upsert_many(self, keys: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        """Insert or replace vectors (each of `dimension` floats)."""

    @abstractmethod
    def remove(self, key: str) -> None:
        """Forget a key's vector (no error when absent)."""

    @abstractmethod
    def search(self, query: Sequence[float], top_k: int, accept: Optional[Accept] = None) -> list[Hit]:
        """The `top_k` best (key, score) pairs, best first, among keys `accept` allows (all when None)."""

    def upsert(self, key: str, vector: Sequence[float]) -> None:
        """Insert or replace one vector."""
        self.upsert_many([key], [vector])


class PythonVectorIndex(VectorIndex):
    """The fallback backend: vectors in Python lists, scores computed in pure Python."""

    def __init__(self, dimension: int, metric: str) -> None:
        super().__init__(dimension, metric)
        self._vectors: dict[str, list[float]] = {}

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, key: object) -> bool:
        return key in self._vectors

    def upsert_many(self, keys: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        for key, vector in zip(keys, vectors):
            values = [float(x) for x in vector]
            if self.metric == "cosine":
                norm = math.sqrt(sum(x * x for x in values))
                values = [x / norm for x in values] if norm else values
            self._vectors[key] = values

    def remove(self, key: str) -> None:
        self._vectors.pop(key, None)

    def search(self, query: Sequence[float], top_k: int, accept: Optional[Accept] = None) -> list[Hit]:
        query_values = [float(x) for x in query]
        if self.metric == "cosine":
            norm = math.sqrt(sum(x * x for x in query_values))
            query_values = [x / norm for x in query_values] if norm else query_values
        scored: list[Hit] = []
        for key, vector in self._vectors.items():
            if accept is not None and not accept(key):
                continue
            if self.metric == "euclidean":
                score = score_pair("euclidean", query_values, vector)
            else:
                score = sum(q * v for q, v in zip(query_values, vector))
            scored.append((key, score))
        return heapq.nlargest(top_k, scored, key=lambda hit: hit[1])


def numpy_available() -> bool:
    """Whether numpy can be imported (it is optional: not a dependency of the SDK)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def new_vector_index(dimension: int, metric: str, backend: str = "auto") -> VectorIndex:
    """A `VectorIndex`: ``backend`` is "numpy", "python" or "auto" (numpy when importable)."""
    if backend == "auto":
        backend = "numpy" if numpy_available() else "python"
    if backend == "numpy":
        from mixpeek.local.vector_numpy import NumpyVectorIndex

        return NumpyVectorIndex(dimension, metric)
    if backend == "python":
        return PythonVectorIndex(dimension, metric)
    raise ValueError(f"unknown vector backend {backend!r}; expected auto, numpy or python")
