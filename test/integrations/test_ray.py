"""Ray Data: `MixpeekDatasink` writes every row once, even when Ray runs a task again; `read_documents`
reads a namespace back in parallel partitions. Ray runs locally with 2 CPUs against the local server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from mixpeek.local import LocalServer
from test.integrations.conftest import API_KEY, NAMESPACE, engine, make_rows
from test.integrations.flaky_proxy import FlakyProxy

ray = engine("ray", "ray")
from mixpeek.integrations.ray import MixpeekDatasink, read_documents  # noqa: E402

ROWS = 2_500  # 5 blocks of 500 rows; batches of 200 give every block 3 batches
RETRIES = {"max_retries": 3, "retry_exceptions": True}


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        yield
    finally:
        ray.shutdown()


def _dataset(rows: list[dict[str, Any]]) -> Any:
    return ray.data.from_items(rows, override_num_blocks=5)


def _sink(url: str, **options: Any) -> MixpeekDatasink:
    return MixpeekDatasink(
        NAMESPACE,
        api_key=API_KEY,
        base_url=url,
        id_column="id",
        vector_columns={"embedding": "emb"},
        batch_size=200,
        **options,
    )


def _stored_ids(server: LocalServer) -> list[str]:
    namespace = server.engine.namespace(NAMESPACE)
    return [str(record["document_id"]) for record in server.engine.corpus(namespace).records()]


def test_every_row_becomes_one_document_with_its_payload(
    ray_cluster: None, local_server: LocalServer
) -> None:
    rows = make_rows(ROWS)
    sink = _sink(local_server.url, write_token=True)
    _dataset(rows).write_datasink(sink)
    assert sink.result is not None
    assert (sink.result.documents, sink.result.inserted, sink.result.parts) == (ROWS, ROWS, 5)
    assert sink.result.batches == 15 and not sink.result.failed_batches
    assert sink.result.write_token
    stored = _stored_ids(local_server)
    assert sorted(stored) == sorted(row["id"] for row in rows)
    namespace = local_server.engine.namespace(NAMESPACE)
    first = local_server.engine.corpus(namespace).get("doc-000007")
    assert first is not None and first["payload"] == {"category": "c1", "rank": 7}


def test_a_task_failing_halfway_is_rerun_and_no_batch_is_applied_twice(
    ray_cluster: None, local_server: LocalServer
) -> None:
    rows = make_rows(ROWS)
    # the second batch of every block fails the first time it is sent: each task fails after writing batch 0
    with FlakyProxy(local_server.url, fail_once=lambda key: key.endswith("-1")) as proxy:
        sink = _sink(proxy.url, job_id="retry-job")
        _dataset(rows).write_datasink(sink, ray_remote_args=RETRIES)
    assert len(proxy.refused) == 5
    assert sink.result is not None and sink.result.documents == ROWS and not sink.result.failed_batches
    stored = _stored_ids(local_server)
    assert len(stored) == ROWS == len(set(stored))
    log = local_server.engine.idempotency_log(NAMESPACE)
    keys = [key.split(":", 1)[1] for key in log]
    assert len(keys) == 15 == len(set(keys))  # 5 blocks x 3 batches, each applied once
    replayed = sorted(key.split(":", 1)[1] for key, replays in log.items() if replays)
    assert replayed and all(key.startswith("retry-job-") and key.endswith("-0") for key in replayed)


def test_report_mode_keeps_going_and_lists_the_failed_batches(
    ray_cluster: None, local_server: LocalServer
) -> None:
    rows = make_rows(1_000)
    with FlakyProxy(local_server.url, fail_once=lambda key: key.endswith("-1")) as proxy:
        sink = _sink(proxy.url, on_error="report")
        ray.data.from_items(rows, override_num_blocks=2).write_datasink(sink)
    assert sink.result is not None
    failed = sink.result.failed_document_ids
    assert len(sink.result.failed_batches) == 2 and len(failed) == 400
    assert sorted(_stored_ids(local_server) + failed) == sorted(row["id"] for row in rows)


def test_read_documents_reads_every_document_once_across_partitions(
    ray_cluster: None, local_server: LocalServer
) -> None:
    rows = make_rows(1_200)
    ray.data.from_items(rows, override_num_blocks=3).write_datasink(_sink(local_server.url))
    back = read_documents(NAMESPACE, api_key=API_KEY, base_url=local_server.url, partitions=4).take_all()
    ids = [row["document_id"] for row in back]
    assert len(ids) == 1_200 == len(set(ids))
    by_id = {row["document_id"]: row for row in back}
    assert list(by_id["doc-000010"]["vectors"]["emb"]) == rows[10]["embedding"]
    assert by_id["doc-000010"]["payload"]["category"] == "c1"
