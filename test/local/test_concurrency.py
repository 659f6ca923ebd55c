"""Concurrent clients: parallel upserts and searches against one server lose nothing and see whole batches."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

import pytest

from mixpeek.api.namespaces_api import NamespacesApi
from mixpeek.local import LocalServer
from test.local.helpers import (
    create_search_retriever,
    create_standalone,
    execute,
    ids_of,
    random_vectors,
    sdk_client,
    upsert,
)

WRITERS = 4
BATCHES = 5
BATCH = 50


@pytest.mark.parametrize("persistent", [False, True])
def test_parallel_writers_and_readers(tmp_path: Path, persistent: bool) -> None:
    data_dir: Optional[str] = str(tmp_path) if persistent else None
    failures: list[BaseException] = []
    with LocalServer(data_dir=data_dir) as server:
        with sdk_client(server.url, "busy") as client:
            create_standalone(client, "busy", dimension=4)
            retriever_id = create_search_retriever(client, top_k=5)

        def write(writer: int) -> None:
            try:
                with sdk_client(server.url, "busy") as own:
                    for batch in range(BATCHES):
                        first = (writer * BATCHES + batch) * BATCH
                        upsert(own, "busy", random_vectors(BATCH, 4, seed=first), first_id=first)
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)

        def read() -> None:
            try:
                with sdk_client(server.url, "busy") as own:
                    for _ in range(10):
                        found = ids_of(execute(own, retriever_id, inputs={"qv": [1.0, 0.0, 0.0, 0.0]}))
                        assert len(found) == len(set(found)) <= 5
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
        threads += [threading.Thread(target=read) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        with sdk_client(server.url, "busy") as client:
            assert NamespacesApi(client).get_namespace("busy").document_count == WRITERS * BATCHES * BATCH
