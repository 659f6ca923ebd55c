"""Scale-out benchmark: write N x 128-dimension vectors through Ray Data and Spark into the local server, next
to the single-process bulk upsert measured in the same run (not a test).

The local server runs in a child process (``python -m mixpeek.local``). Each configuration writes the same
rows into a fresh standalone namespace (deleted afterwards) and reports documents per second:

- ``upsert``: one process, ``mp.namespaces.documents.upsert`` (the baseline);
- ``ray-1``, ``ray-2``, ``ray-4``: `MixpeekDatasink` with Ray started with 1, 2 and 4 CPUs (write tasks);
- ``spark-local[2]``: the ``mixpeek`` data source on ``local[2]``.

The figure to watch on a small machine is the engines' overhead, their rate divided by the baseline's; the
local server (one Python process) is the ceiling here, the service is not.

Usage: ``python benchmarks/scale_out.py [--rows 1000000] [--only upsert,ray-2,...]``
(needs ``pip install -e ".[ray,spark]"`` and a Java runtime for Spark).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

from _local_process import local_server_process

from mixpeek.client import Mixpeek

DIMENSION = 128
API_KEY = "sk_scale_out_bench"
REPOSITORY = Path(__file__).resolve().parents[1]
CONFIGURATIONS = ("upsert", "ray-1", "ray-2", "ray-4", "spark-local[2]")


def make_rows(count: int) -> list[dict[str, Any]]:
    generator = random.Random(7)
    return [
        {
            "id": f"doc-{i:08d}",
            "embedding": [generator.uniform(-1.0, 1.0) for _ in range(DIMENSION)],
            "category": f"c{i % 10}",
        }
        for i in range(count)
    ]


@contextmanager
def fresh_namespace(url: str, name: str) -> Iterator[str]:
    with Mixpeek(api_key=API_KEY, base_url=url, namespace=name) as mp:
        mp.namespaces.create(
            namespace_id=name,
            mode="standalone",
            vector_configs=[{"name": "emb", "dimension": DIMENSION, "metric": "cosine"}],
        )
        try:
            yield name
        finally:
            mp.namespaces.delete(name)


def run_upsert(url: str, namespace: str, rows: list[dict[str, Any]]) -> None:
    documents = (
        {"document_id": r["id"], "vectors": {"emb": r["embedding"]}, "payload": {"category": r["category"]}}
        for r in rows
    )
    with Mixpeek(api_key=API_KEY, base_url=url, namespace=namespace) as mp:
        mp.namespaces.documents.upsert(namespace, documents)


def run_ray(cpus: int) -> Callable[[str, str, list[dict[str, Any]]], None]:
    def run(url: str, namespace: str, rows: list[dict[str, Any]]) -> None:
        import ray

        from mixpeek.integrations.ray import MixpeekDatasink

        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
        try:
            dataset = ray.data.from_items(rows, override_num_blocks=max(8, cpus * 4))
            dataset = dataset.materialize()  # build the blocks before the clock starts
            sink = MixpeekDatasink(
                namespace, api_key=API_KEY, base_url=url, id_column="id", vector_columns={"embedding": "emb"}
            )
            started = time.perf_counter()
            dataset.write_datasink(sink)
            TIMINGS["write"] = time.perf_counter() - started
        finally:
            ray.shutdown()

    return run


def run_spark(url: str, namespace: str, rows: list[dict[str, Any]]) -> None:
    from pyspark.sql import SparkSession

    from mixpeek.integrations.spark import write_dataframe

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "6g")  # the rows are built in this process and handed over once
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        import pandas

        # through Arrow: a list of a million Python tuples would go through the JVM row by row
        table = pandas.DataFrame(
            {
                "id": [r["id"] for r in rows],
                "embedding": [r["embedding"] for r in rows],
                "category": [r["category"] for r in rows],
            }
        )
        frame = spark.createDataFrame(
            table, "id string, embedding array<double>, category string"
        ).repartition(8)
        frame.cache().count()  # build the partitions before the clock starts
        started = time.perf_counter()
        write_dataframe(
            frame, namespace, api_key=API_KEY, base_url=url, id_column="id", vector_columns="embedding:emb"
        )
        TIMINGS["write"] = time.perf_counter() - started
    finally:
        spark.stop()


TIMINGS: dict[str, float] = {}
RUNNERS: dict[str, Callable[[str, str, list[dict[str, Any]]], None]] = {
    "upsert": run_upsert,
    "ray-1": run_ray(1),
    "ray-2": run_ray(2),
    "ray-4": run_ray(4),
    "spark-local[2]": run_spark,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", default=",".join(CONFIGURATIONS))
    arguments = parser.parse_args()
    chosen = [name for name in arguments.only.split(",") if name]
    unknown = set(chosen) - set(RUNNERS)
    if unknown:
        parser.error(f"unknown configuration(s) {sorted(unknown)}; choose from {', '.join(CONFIGURATIONS)}")
    rows = make_rows(arguments.rows)
    rates: dict[str, float] = {}
    with local_server_process() as url:
        for index, name in enumerate(chosen):
            with fresh_namespace(url, f"bench-{index}") as namespace:
                TIMINGS.clear()
                started = time.perf_counter()
                RUNNERS[name](url, namespace, rows)
                seconds = TIMINGS.get("write", time.perf_counter() - started)
            rates[name] = arguments.rows / seconds
            print(
                f"{name:>16}: {arguments.rows:,} documents in {seconds:7.1f} s = {rates[name]:9,.0f} docs/s",
                flush=True,
            )
    baseline = rates.get("upsert")
    print("\n| configuration | docs/s | vs single-process upsert |\n|---|---|---|")
    for name, rate in rates.items():
        ratio = f"{rate / baseline:.2f}x" if baseline else "n/a"
        print(f"| {name} | {rate:,.0f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
