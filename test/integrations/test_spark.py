"""Spark: the ``mixpeek`` data source writes every row once, even when Spark runs a task again, and reads a
namespace back in parallel partitions. Spark runs locally (``local[2, 3]``: 2 cores, up to 3 attempts per
task) against the local server; it needs a Java runtime (CI installs Debian's)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from mixpeek.local import LocalServer
from test.integrations.conftest import API_KEY, NAMESPACE, engine, make_rows
from test.integrations.flaky_proxy import FlakyProxy

pyspark_sql = engine("pyspark.sql", "spark", needs_java=True)
from mixpeek.integrations.spark import register, write_dataframe  # noqa: E402

ROWS = 2_000
OPTIONS = {"api_key": API_KEY, "id_column": "id", "vector_columns": "embedding:emb", "batch_size": 200}


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        pyspark_sql.SparkSession.builder.master("local[2, 3]")
        .appName("mixpeek-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    register(session)
    try:
        yield session
    finally:
        session.stop()


def _frame(spark: Any, rows: list[dict[str, Any]], partitions: int) -> Any:
    schema = "id string, embedding array<double>, category string, rank long"
    return spark.createDataFrame([tuple(row.values()) for row in rows], schema).repartition(partitions)


def _stored_ids(server: LocalServer) -> list[str]:
    namespace = server.engine.namespace(NAMESPACE)
    return [str(record["document_id"]) for record in server.engine.corpus(namespace).records()]


def test_the_format_writes_every_row_once_with_its_payload(spark: Any, local_server: LocalServer) -> None:
    rows = make_rows(ROWS)
    (
        _frame(spark, rows, 4)
        .write.format("mixpeek")
        .mode("append")
        .option("namespace", NAMESPACE)
        .option("base_url", local_server.url)
        .options(**{name: str(value) for name, value in OPTIONS.items()})
        .save()
    )
    stored = _stored_ids(local_server)
    assert sorted(stored) == sorted(row["id"] for row in rows)
    namespace = local_server.engine.namespace(NAMESPACE)
    record = local_server.engine.corpus(namespace).get("doc-000007")
    assert record is not None and record["payload"] == {"category": "c1", "rank": 7}


def test_a_task_failing_halfway_is_rerun_and_no_batch_is_applied_twice(
    spark: Any, local_server: LocalServer
) -> None:
    rows = make_rows(ROWS)
    with FlakyProxy(local_server.url, fail_once=lambda key: key.endswith("-1")) as proxy:
        result = write_dataframe(
            _frame(spark, rows, 4), NAMESPACE, base_url=proxy.url, job_id="spark-job", **OPTIONS
        )
    assert len(proxy.refused) == 4  # every partition failed once, after its first batch
    assert (result.parts, result.documents, result.inserted) == (4, ROWS, ROWS)
    stored = _stored_ids(local_server)
    assert len(stored) == ROWS == len(set(stored))
    log = local_server.engine.idempotency_log(NAMESPACE)
    keys = [key.split(":", 1)[1] for key in log]
    assert len(keys) == len(set(keys)) == result.batches
    replayed = [key.split(":", 1)[1] for key, replays in log.items() if replays]
    assert len(replayed) == 4 and all(key.startswith("spark-job-") and key.endswith("-0") for key in replayed)


def test_read_back_in_partitions_with_payload_columns(spark: Any, local_server: LocalServer) -> None:
    rows = make_rows(900)
    write_dataframe(_frame(spark, rows, 3), NAMESPACE, base_url=local_server.url, **OPTIONS)
    reader = spark.read.format("mixpeek").option("namespace", NAMESPACE).option("api_key", API_KEY)
    reader = reader.option("base_url", local_server.url).option("partitions", "3")
    default = reader.load().collect()
    assert len(default) == 900 == len({row["document_id"] for row in default})
    first = next(row for row in default if row["document_id"] == "doc-000010")
    assert list(first["vectors"]["emb"]) == rows[10]["embedding"]
    assert json.loads(first["payload"]) == {"category": "c1", "rank": 10}
    typed = reader.schema("document_id string, category string, rank long").load()
    assert typed.filter("category = 'c2'").count() == 300
