"""Exact top-k for every metric, checked against a brute-force float64 reference on random vectors."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

import mixpeek
from mixpeek.local import LocalServer
from mixpeek.local.vector_index import new_vector_index, numpy_available
from test.local.helpers import (
    create_search_retriever,
    create_standalone,
    documents_of,
    execute,
    random_vectors,
    sdk_client,
    upsert,
)

METRICS = ("cosine", "dot", "euclidean")
BACKENDS = ("python", "numpy") if numpy_available() else ("python",)


def reference_score(metric: str, query: Sequence[float], vector: Sequence[float]) -> float:
    """The documented score, computed independently in float64."""
    if metric == "euclidean":
        return 1.0 / (1.0 + math.dist(query, vector))
    dot = math.fsum(q * v for q, v in zip(query, vector))
    if metric == "dot":
        return dot
    return dot / (math.hypot(*query) * math.hypot(*vector))


def reference_top_k(
    metric: str, query: Sequence[float], vectors: Sequence[Sequence[float]], k: int
) -> list[tuple[int, float]]:
    scored = [(i, reference_score(metric, query, vector)) for i, vector in enumerate(vectors)]
    return sorted(scored, key=lambda item: -item[1])[:k]


def assert_same_ranking(found: Sequence[tuple[int, float]], expected: Sequence[tuple[int, float]]) -> None:
    """Same scores in the same order (float32 storage: 1e-4), and the same ids where scores are not tied."""
    assert len(found) == len(expected)
    for (found_id, found_score), (expected_id, expected_score) in zip(found, expected):
        assert found_score == pytest.approx(expected_score, rel=1e-4, abs=1e-4)
        if found_id != expected_id:
            assert found_score == pytest.approx(dict(expected).get(found_id, math.inf), abs=1e-4)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("metric", METRICS)
def test_index_top_k_matches_brute_force(metric: str, backend: str) -> None:
    vectors = random_vectors(500, 16, seed=11)
    index = new_vector_index(16, metric, backend)
    index.upsert_many([str(i) for i in range(len(vectors))], vectors)
    for query in random_vectors(5, 16, seed=12):
        found = [(int(key), score) for key, score in index.search(query, 10)]
        assert_same_ranking(found, reference_top_k(metric, query, vectors, 10))


@pytest.mark.parametrize("backend", BACKENDS)
def test_index_replacements_and_removals_are_searched_correctly(backend: str) -> None:
    vectors = random_vectors(60, 4, seed=3)
    index = new_vector_index(4, "dot", backend)
    index.upsert_many([str(i) for i in range(60)], vectors)
    replacement = random_vectors(1, 4, seed=4)[0]
    index.upsert("7", replacement)
    for removed in ("0", "59", "30"):
        index.remove(removed)
    current = {i: v for i, v in enumerate(vectors) if str(i) not in ("0", "59", "30")}
    current[7] = replacement
    assert len(index) == len(current)
    query = random_vectors(1, 4, seed=5)[0]
    ids = sorted(current)
    expected = [(ids[i], s) for i, s in reference_top_k("dot", query, [current[i] for i in ids], 20)]
    found = [(int(key), score) for key, score in index.search(query, 20)]
    assert_same_ranking(found, expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_index_search_skips_rejected_keys(backend: str) -> None:
    vectors = random_vectors(100, 8, seed=9)
    index = new_vector_index(8, "cosine", backend)
    index.upsert_many([str(i) for i in range(100)], vectors)
    query = vectors[0]
    found = index.search(query, 5, accept=lambda key: int(key) % 2 == 1)
    odd = [(i, v) for i, v in enumerate(vectors) if i % 2 == 1]
    expected = [(odd[i][0], s) for i, s in reference_top_k("cosine", query, [v for _, v in odd], 5)]
    assert_same_ranking([(int(k), s) for k, s in found], expected)


@pytest.mark.parametrize("metric", METRICS)
def test_retriever_results_match_brute_force(
    client: mixpeek.ApiClient, namespace_name: str, metric: str
) -> None:
    vectors = random_vectors(300, 12, seed=21)
    create_standalone(client, namespace_name, dimension=12, metric=metric)
    upsert(client, namespace_name, vectors)
    retriever_id = create_search_retriever(client, top_k=10)
    for query in random_vectors(3, 12, seed=22):
        result = execute(client, retriever_id, inputs={"qv": query})
        found = [(int(d["document_id"].split("-")[1]), float(d["score"])) for d in documents_of(result)]
        assert_same_ranking(found, reference_top_k(metric, query, vectors, 10))


@pytest.mark.parametrize("backend", BACKENDS)
def test_servers_on_each_backend_rank_alike(backend: str) -> None:
    vectors = random_vectors(200, 6, seed=31)
    query = random_vectors(1, 6, seed=32)[0]
    with LocalServer(vector_backend=backend) as server, sdk_client(server.url, "b") as client:
        create_standalone(client, "b", dimension=6, metric="euclidean")
        upsert(client, "b", vectors)
        result = execute(client, create_search_retriever(client, top_k=8), inputs={"qv": query})
    found = [(int(d["document_id"].split("-")[1]), float(d["score"])) for d in documents_of(result)]
    assert_same_ranking(found, reference_top_k("euclidean", query, vectors, 8))


def test_zero_vectors_score_zero_under_cosine() -> None:
    index = new_vector_index(3, "cosine", "python")
    index.upsert_many(["zero", "unit"], [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    assert dict(index.search([1.0, 0.0, 0.0], 2)) == {"unit": pytest.approx(1.0), "zero": 0.0}
