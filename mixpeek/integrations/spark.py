"""Spark: a PySpark 4 Python data source named ``mixpeek`` that writes a DataFrame into a Mixpeek namespace
and reads a namespace back.

    from mixpeek.integrations.spark import register, write_dataframe
    register(spark)  # once per session
    (df.write.format("mixpeek").mode("append")
       .option("namespace", "my-vectors").option("id_column", "id")
       .option("vector_columns", "embedding:text_8")
       .save())
    # the same, returning the totals (a ScaleOutResult)
    result = write_dataframe(df, "my-vectors", id_column="id", vector_columns="embedding:text_8")
    back = spark.read.format("mixpeek").option("namespace", "my-vectors").option("partitions", 4).load()

Options (strings, as Spark passes them) are those of `WriteOptions` and `ReadOptions`, plus ``namespace``
(the namespace id) and ``result_path`` (the driver writes the `ScaleOutResult` there as JSON). Each partition
is one part: its batches' idempotency keys are ``<job>-<partition>-<batch>``, with the job id drawn once on
the driver, so a task Spark runs again (``spark.task.maxFailures``) replays and never re-applies a batch.
Reading: the default schema is ``document_id string, vectors map<string, array<double>>, payload string``
(the payload as JSON); a schema given with ``.schema(...)`` may also name payload fields as columns.
Needs ``pip install "mixpeek[spark]"``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mixpeek.integrations._batches import (
    PartResult,
    ReadOptions,
    ScaleOutResult,
    WriteOptions,
    read_part,
    require,
    write_part,
)

_datasource = require("pyspark.sql.datasource", "spark")
_pyspark = require("pyspark", "spark")

#: The name to use with ``format(...)``.
FORMAT = "mixpeek"
DEFAULT_READ_SCHEMA = "document_id string, vectors map<string, array<double>>, payload string"

_DataSource: Any = _datasource.DataSource
_DataSourceArrowWriter: Any = _datasource.DataSourceArrowWriter
_DataSourceReader: Any = _datasource.DataSourceReader
_WriterCommitMessage: Any = _datasource.WriterCommitMessage
_InputPartition: Any = _datasource.InputPartition

__all__ = ["FORMAT", "MixpeekDataSource", "ScaleOutResult", "register", "write_dataframe"]


def register(spark: Any) -> None:
    """Make ``format("mixpeek")`` available in a Spark session."""
    spark.dataSource.register(MixpeekDataSource)


def write_dataframe(df: Any, namespace_id: str, **options: Any) -> ScaleOutResult:
    """Write ``df`` through the ``mixpeek`` data source and return the summed `ScaleOutResult`."""
    register(df.sparkSession)
    with tempfile.TemporaryDirectory(prefix="mixpeek-spark-") as folder:
        result_path = os.path.join(folder, "result.json")
        writer = df.write.format(FORMAT).mode("append").option("namespace", namespace_id)
        for name, value in options.items():
            writer = writer.option(name, _option_text(value))
        writer.option("result_path", result_path).save()
        with open(result_path, encoding="utf-8") as file:
            return result_from_json(json.load(file))


def _option_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return ",".join(f"{column}:{index}" for column, index in value.items())
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def result_from_json(data: Mapping[str, Any]) -> ScaleOutResult:
    """A `ScaleOutResult` from what `MixpeekWriter.commit` wrote."""
    from mixpeek.integrations._batches import FailedPartBatch

    failed = tuple(
        FailedPartBatch(**{**batch, "document_ids": tuple(batch["document_ids"])})
        for batch in data["failed_batches"]
    )
    return ScaleOutResult(**{**data, "failed_batches": failed})


class MixpeekDataSource(_DataSource):  # type: ignore[misc]  # pyspark's classes are Any to mypy here
    """The ``mixpeek`` data source: `MixpeekWriter` for ``df.write``, `MixpeekReader` for ``spark.read``."""

    @classmethod
    def name(cls) -> str:
        return FORMAT

    def schema(self) -> str:
        return DEFAULT_READ_SCHEMA

    def writer(self, schema: Any, overwrite: bool) -> MixpeekWriter:
        if overwrite:
            raise ValueError('the mixpeek data source only appends (upserts): use .mode("append")')
        return MixpeekWriter(dict(self.options))

    def reader(self, schema: Any) -> MixpeekReader:
        return MixpeekReader(dict(self.options), [field.name for field in schema.fields])


@dataclasses.dataclass
class PartCommit(_WriterCommitMessage):  # type: ignore[misc]
    """What one partition's task sends back to the driver."""

    result: PartResult


class MixpeekWriter(_DataSourceArrowWriter):  # type: ignore[misc]
    """Built on the driver (where the job id is drawn), pickled to every task. Rows arrive as Arrow record
    batches (Spark's fast path to Python), read as Python values in bulk."""

    def __init__(self, options: dict[str, str]) -> None:
        settings = dict(options)
        self.result_path = settings.pop("result_path", None)
        namespace_id = settings.pop("namespace", None) or settings.pop("namespace_id", "")
        self.options = WriteOptions.create(namespace_id, **settings)

    def write(self, iterator: Iterator[Any]) -> PartCommit:
        """One partition: its rows, upserted in batches keyed by job, partition and batch."""
        partition = _pyspark.TaskContext.get().partitionId()
        rows = (row for record_batch in iterator for row in record_batch.to_pylist())
        return PartCommit(write_part(rows, str(partition), self.options))

    def commit(self, messages: Sequence[Any]) -> None:
        """On the driver: sum the partitions, and write the total to ``result_path`` when given."""
        total = ScaleOutResult.total(message.result for message in messages if message is not None)
        if self.result_path:
            with open(self.result_path, "w", encoding="utf-8") as file:
                json.dump(dataclasses.asdict(total), file)

    def abort(self, messages: Sequence[Any]) -> None:
        """Nothing to undo: each batch that was written is complete, and a new run with the same ``job_id``
        replays it instead of writing it again."""


class MixpeekReader(_DataSourceReader):  # type: ignore[misc]
    """Lists the namespace's documents, one Spark partition per listing partition."""

    def __init__(self, options: dict[str, str], columns: list[str]) -> None:
        settings = dict(options)
        namespace_id = settings.pop("namespace", None) or settings.pop("namespace_id", "")
        self.options = ReadOptions(
            namespace_id,
            api_key=settings.get("api_key"),
            base_url=settings.get("base_url"),
            partitions=int(settings.get("partitions", "1")),
            return_vectors=settings.get("return_vectors", "true").lower() != "false",
            filters=json.loads(settings["filters"]) if settings.get("filters") else None,
        )
        self.columns = columns

    def partitions(self) -> list[Any]:
        return [_InputPartition(index) for index in range(self.options.partitions)]

    def read(self, partition: Any) -> Iterator[tuple[Any, ...]]:
        for document in read_part(self.options, int(partition.value)):
            yield tuple(_column(document, name) for name in self.columns)


def _column(document: Mapping[str, Any], name: str) -> Any:
    if name == "payload":
        return json.dumps(document.get("payload") or {})
    if name in document:
        return document[name]
    return (document.get("payload") or {}).get(name)
