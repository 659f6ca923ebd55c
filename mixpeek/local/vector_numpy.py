"""The numpy backend of `VectorIndex`: one float32 matrix, scored with a matrix-vector product.

Rows are packed: a removed key's row is filled with the last row, so scoring never touches holes.
Cosine vectors are normalized on insert; euclidean keeps squared norms to get distances from dot products.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

import numpy as np

from mixpeek.local.vector_index import Accept, Hit, VectorIndex

_INITIAL_CAPACITY = 16


class NumpyVectorIndex(VectorIndex):
    """Exact search on a growable float32 matrix."""

    def __init__(self, dimension: int, metric: str) -> None:
        super().__init__(dimension, metric)
        self._matrix: Any = np.zeros((_INITIAL_CAPACITY, dimension), dtype=np.float32)
        self._squared_norms: Any = np.zeros(_INITIAL_CAPACITY, dtype=np.float32)
        self._keys: list[str] = []
        self._rows: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def _reserve(self, needed: int) -> None:
        capacity = self._matrix.shape[0]
        if needed <= capacity:
            return
        while capacity < needed:
            capacity *= 2
        matrix = np.zeros((capacity, self.dimension), dtype=np.float32)
        matrix[: len(self._keys)] = self._matrix[: len(self._keys)]
        norms = np.zeros(capacity, dtype=np.float32)
        norms[: len(self._keys)] = self._squared_norms[: len(self._keys)]
        self._matrix, self._squared_norms = matrix, norms

    def upsert_many(self, keys: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        if not keys:
            return
        block = np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.dimension)
        if self.metric == "cosine":
            norms = np.linalg.norm(block, axis=1, keepdims=True)
            block = np.divide(block, norms, out=np.zeros_like(block), where=norms > 0)
        self._reserve(len(self._keys) + len(keys))
        for offset, key in enumerate(keys):
            row = self._rows.get(key)
            if row is None:
                row = len(self._keys)
                self._keys.append(key)
                self._rows[key] = row
            self._matrix[row] = block[offset]
            self._squared_norms[row] = float(np.dot(block[offset], block[offset]))

    def remove(self, key: str) -> None:
        row = self._rows.pop(key, None)
        if row is None:
            return
        last = len(self._keys) - 1
        if row != last:
            moved = self._keys[last]
            self._matrix[row] = self._matrix[last]
            self._squared_norms[row] = self._squared_norms[last]
            self._keys[row] = moved
            self._rows[moved] = row
        self._keys.pop()

    def _scores(self, query: Sequence[float]) -> Any:
        count = len(self._keys)
        vector = np.asarray(query, dtype=np.float32).reshape(self.dimension)
        if self.metric == "cosine":
            norm = float(np.linalg.norm(vector))
            if norm:
                vector = vector / norm
        dots = self._matrix[:count] @ vector
        if self.metric != "euclidean":
            return dots
        squared = self._squared_norms[:count] - 2.0 * dots + float(np.dot(vector, vector))
        return 1.0 / (1.0 + np.sqrt(np.maximum(squared, 0.0)))

    def search(self, query: Sequence[float], top_k: int, accept: Optional[Accept] = None) -> list[Hit]:
        count = len(self._keys)
        if count == 0 or top_k <= 0:
            return []
        scores = self._scores(query)
        if accept is None:
            k = min(top_k, count)
            candidates = np.argpartition(-scores, k - 1)[:k] if k < count else np.arange(count)
            ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
            return [(self._keys[int(row)], float(scores[row])) for row in ordered]
        hits: list[Hit] = []
        for row in np.argsort(-scores, kind="stable"):
            key = self._keys[int(row)]
            if accept(key):
                hits.append((key, float(scores[row])))
                if len(hits) == top_k:
                    break
        return hits
