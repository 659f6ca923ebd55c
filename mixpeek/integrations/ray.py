"""Ray Data: write a dataset into a Mixpeek namespace, and read a namespace back as a dataset.

    import ray
    from mixpeek.integrations.ray import MixpeekDatasink, read_documents

    sink = MixpeekDatasink("my-vectors", vector_columns={"embedding": "text_8"})
    ds.write_datasink(sink, ray_remote_args={"max_retries": 3, "retry_exceptions": True})
    sink.result  # ScaleOutResult: documents, inserted, batches, failed batches, last write token

    back = read_documents("my-vectors", partitions=4)

Each write task upserts its blocks through the high-level client in batches of up to 1,000; every batch's
idempotency key is ``<job>-<task>.<block>-<batch>``, so a task Ray runs again (``max_retries`` with
``retry_exceptions``) re-sends the same keys and nothing is applied twice. Options: `WriteOptions`.
Needs ``pip install "mixpeek[ray]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Optional

from mixpeek.integrations._batches import (
    PartResult,
    ReadOptions,
    ScaleOutResult,
    WriteOptions,
    read_part,
    require,
    write_part,
)

_ray_data = require("ray.data", "ray")
_block = require("ray.data.block", "ray")
_datasource = require("ray.data.datasource", "ray")
# ray ships no type information: its base classes are Any to the type checker
_Datasink: Any = _datasource.Datasink
_Datasource: Any = _datasource.Datasource

__all__ = ["MixpeekDatasink", "MixpeekDatasource", "ScaleOutResult", "WriteOptions", "read_documents"]


class MixpeekDatasink(_Datasink):  # type: ignore[misc]
    """A Ray `Datasink` that upserts rows into a Mixpeek namespace, exactly once per batch.

    ``MixpeekDatasink(namespace_id, **options)`` with the options of `WriteOptions` (column names,
    batch size, concurrency per task, job id, on_error ...). After ``ds.write_datasink(sink)``,
    ``sink.result`` is the `ScaleOutResult` summed over every write task.
    """

    def __init__(self, namespace_id: str, **options: Any) -> None:
        self.options = WriteOptions.create(namespace_id, **options)
        self.result: Optional[ScaleOutResult] = None

    def write(self, blocks: Iterable[Any], ctx: Any) -> list[PartResult]:
        """One write task: each block is one part, named ``<task index>.<block number>``."""
        results = []
        for number, block in enumerate(blocks):
            rows = _block.BlockAccessor.for_block(block).iter_rows(public_row_format=True)
            results.append(write_part(rows, f"{ctx.task_idx}.{number}", self.options))
        return results

    def on_write_complete(self, write_result: Any) -> None:
        """On the driver: sum what every task returned."""
        self.result = ScaleOutResult.total(part for parts in write_result.write_returns for part in parts)

    def get_name(self) -> str:
        return "Mixpeek"


class MixpeekDatasource(_Datasource):  # type: ignore[misc]
    """A Ray `Datasource` listing a namespace's documents, one read task per listing partition."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def estimate_inmemory_data_size(self) -> Optional[int]:
        return None

    def get_read_tasks(self, parallelism: int, *args: Any, **kwargs: Any) -> list[Any]:
        """``options.partitions`` tasks (Ray's suggested parallelism is not used: the API splits)."""
        del parallelism, args, kwargs
        options = self.options
        return [
            _datasource.ReadTask(
                _reader(options, index),
                _block.BlockMetadata(num_rows=None, size_bytes=None, input_files=None, exec_stats=None),
            )
            for index in range(options.partitions)
        ]


def _reader(options: ReadOptions, index: int) -> Any:
    def read() -> Iterator[Any]:
        documents = list(read_part(options, index))
        if documents:
            yield _block.BlockAccessor.batch_to_block(
                {key: [d.get(key) for d in documents] for key in _keys(documents)}
            )

    return read


def _keys(documents: list[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for document in documents:
        keys.update(dict.fromkeys(document))
    return list(keys)


def read_documents(namespace_id: str, **options: Any) -> Any:
    """A Ray dataset of a namespace's documents (one row each: document_id, vectors, payload ...).

    Options are `ReadOptions`': ``partitions`` (parallel readers, at most 256), ``return_vectors``,
    ``filters``, ``api_key``, ``base_url``.
    """
    return _ray_data.read_datasource(MixpeekDatasource(ReadOptions(namespace_id, **options)))
