"""Local server benchmark: upsert throughput and top-10 query latency at 100,000 documents (not a test).

For each storage mode (in memory, and SQLite with ``--data-dir``) the script starts the server
(``python -m mixpeek.local``) in a child process, so client and server each have a core, then, through the
SDK's generated API classes:

1. creates a standalone namespace with one 128-dimension cosine index;
2. upserts 100,000 documents with random vectors and a small payload, in batches of 1,000
   (`BYODocumentsApi.upsert_documents_byo_namespaces`), and reports documents per second;
3. creates a feature_search retriever and runs 200 top-10 queries (`RetrieversApi.execute_retriever`),
   reporting the median and the 99th percentile of the round-trip latency.

Usage: ``python benchmarks/local_server_bench.py [--documents N] [--queries N] [--modes memory,sqlite]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Optional

from _local_process import local_server_process

import mixpeek
from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.models import (
    BYOUpsertRequest,
    CreateRetrieverRequest,
    CreateStandaloneNamespaceRequestModel,
    ExecuteRetrieverRequest,
)

NAMESPACE = "bench"
DIMENSION = 128
BATCH = 1000
TOP_K = 10
REPOSITORY = Path(__file__).resolve().parents[1]


def local_server(data_dir: Optional[str]) -> AbstractContextManager[str]:
    """A `python -m mixpeek.local` child process on a free port; yields its URL."""
    return local_server_process(data_dir)


def random_batch(generator: random.Random, start: int, size: int) -> dict[str, Any]:
    """One upsert body: `size` documents with random vectors and a payload."""
    documents = [
        {
            "document_id": f"doc-{start + i}",
            "vectors": {"v": [generator.uniform(-1.0, 1.0) for _ in range(DIMENSION)]},
            "payload": {"group": (start + i) % 10, "title": f"document {start + i}"},
        }
        for i in range(size)
    ]
    return {"documents": documents}


def measure(url: str, documents: int, queries: int) -> dict[str, float]:
    """Upsert throughput (documents/s) and query latency (ms) against one server."""
    configuration = mixpeek.Configuration(host=url, api_key="sk_bench", namespace=NAMESPACE, max_retries=0)
    configuration.timeout = 600
    generator = random.Random(42)
    with mixpeek.ApiClient(configuration) as client:
        byo = BYODocumentsApi(client)
        byo.create_standalone_namespace(
            CreateStandaloneNamespaceRequestModel.model_validate(
                {
                    "namespace_id": NAMESPACE,
                    "vector_configs": [{"name": "v", "dimension": DIMENSION, "metric": "cosine"}],
                }
            )
        )
        bodies = [
            random_batch(generator, start, min(BATCH, documents - start))
            for start in range(0, documents, BATCH)
        ]
        requests = [BYOUpsertRequest.model_validate(body) for body in bodies]
        started = time.perf_counter()
        for request in requests:
            byo.upsert_documents_byo_namespaces(NAMESPACE, request)
        upsert_seconds = time.perf_counter() - started

        stage = feature_search_stage(vector_search("v", "{{INPUT.qv}}", top_k=TOP_K), final_top_k=TOP_K)
        retrievers = RetrieversApi(client)
        retriever = retrievers.create_retriever(
            CreateRetrieverRequest.model_validate({"retriever_name": "bench", "stages": [stage]})
        )
        assert retriever.retriever_id is not None
        query_bodies = [
            ExecuteRetrieverRequest(inputs={"qv": [generator.uniform(-1.0, 1.0) for _ in range(DIMENSION)]})
            for _ in range(queries)
        ]
        retrievers.execute_retriever(retriever.retriever_id, query_bodies[0])  # warm-up (index build, caches)
        latencies = []
        for body in query_bodies:
            started = time.perf_counter()
            result = retrievers.execute_retriever(retriever.retriever_id, body)
            latencies.append((time.perf_counter() - started) * 1000.0)
            assert result.documents is not None and len(result.documents) == min(TOP_K, documents)
    latencies.sort()
    return {
        "documents_per_second": documents / upsert_seconds,
        "upsert_seconds": upsert_seconds,
        "median_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(round(0.99 * len(latencies))) - 1)],
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--modes", default="memory,sqlite", help="comma-separated: memory, sqlite")
    arguments = parser.parse_args(argv)
    rows = []
    for mode in arguments.modes.split(","):
        with (
            tempfile.TemporaryDirectory() as directory,
            local_server(directory if mode == "sqlite" else None) as url,
        ):
            figures = measure(url, arguments.documents, arguments.queries)
        rows.append((mode, figures))
        print(f"{mode}: done", file=sys.stderr, flush=True)
    print(
        f"\nLocal server, {arguments.documents:,} documents x {DIMENSION} dims, batches of {BATCH}, "
        f"{arguments.queries} top-{TOP_K} queries"
    )
    header = ("storage", "upsert docs/s", "upsert total s", "query median ms", "query p99 ms")
    print(f"{header[0]:<8} | {header[1]:>13} | {header[2]:>14} | {header[3]:>15} | {header[4]:>12}")
    print("-" * 75)
    for mode, figures in rows:
        print(
            f"{mode:<8} | {figures['documents_per_second']:>13,.0f} | {figures['upsert_seconds']:>14.1f} | "
            f"{figures['median_ms']:>15.2f} | {figures['p99_ms']:>12.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
