"""Notebook conveniences of the high-level client: Mixpeek(local=True), mixpeek.local.start(), DataFrame
upserts, the plain progress bar without tqdm, MIXPEEK_LOG, and help(Mixpeek) listing every resource."""

from __future__ import annotations

import io
import logging
import pydoc
import sys
from typing import Any

import pandas as pd
import pytest

import mixpeek.local
from mixpeek.client import Mixpeek, bulk_upsert
from mixpeek.client._client import RESOURCES
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiValueError

VECTORS = [{"name": "v2", "dimension": 2, "metric": "cosine"}]


def test_local_true_starts_a_server_and_close_stops_it() -> None:
    mp = Mixpeek(local=True, namespace="nb")
    server = mp.local_server
    assert server is not None and mp.base_url == server.url
    created = mp.namespaces.create(namespace_id="nb", mode="standalone", vector_configs=VECTORS)
    assert created["namespace_id"] == "nb"
    mp.close()
    with pytest.raises(RuntimeError):
        server.url  # noqa: B018  # stopped


def test_local_true_refuses_a_base_url() -> None:
    with pytest.raises(ApiValueError, match="local=True"):
        Mixpeek(local=True, base_url="http://127.0.0.1:1")


def test_local_start_returns_a_running_handle_stopped_at_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[Any] = []
    monkeypatch.setattr("mixpeek.local.server.atexit.register", registered.append)
    server = mixpeek.local.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert registered == [server.stop]
        with Mixpeek(api_key="sk_local", base_url=server.url) as mp:
            assert mp.namespaces.create(namespace_id="x1", mode="standalone", vector_configs=VECTORS)
    finally:
        registered[0]()
    with pytest.raises(RuntimeError):
        server.port  # noqa: B018


def test_upsert_from_a_dataframe_with_id_vector_and_payload_columns() -> None:
    frame = pd.DataFrame(
        {
            "key": ["a", "b", "c"],
            "emb": [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
            "tag": ["x", "y", "z"],
            "skip": [1, 2, 3],
        }
    )
    with Mixpeek(local=True, namespace="df") as mp:
        mp.namespaces.create(namespace_id="df", mode="standalone", vector_configs=VECTORS)
        seen: list[int] = []
        result = mp.namespaces.documents.upsert(
            "df",
            frame,
            id_column="key",
            vector_columns={"emb": "v2"},
            payload_columns=["tag"],
            batch_size=2,
            progress=lambda update: seen.append(update.total_documents or 0),
        )
        assert result.inserted == 3 and result.document_ids == ["a", "b", "c"] and seen == [3, 3]
        document = mp.namespaces.documents.get("df", "b", return_vectors=True)
        assert document["payload"] == {"tag": "y"}
        with pytest.raises(ApiValueError, match="no column"):
            mp.namespaces.documents.upsert("df", frame, id_column="missing", vector_columns={"emb": "v2"})
        with pytest.raises(ApiValueError, match="DataFrame only"):
            mp.namespaces.documents.upsert("df", [{"document_id": "q"}], id_column="key")


def test_progress_without_tqdm_prints_a_plain_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # an import of tqdm now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    result = bulk_upsert.upsert_in_batches(
        lambda batch: {"inserted": len(batch.documents), "document_ids": batch.document_ids},
        [{"document_id": str(i)} for i in range(5)],
        batch_size=2,
        progress=True,
    )
    assert result.inserted == 5
    assert stderr.getvalue() == ("\rupsert: 2/5 documents\rupsert: 4/5 documents\rupsert: 5/5 documents\n")


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_mixpeek_log_turns_logging_on(monkeypatch: pytest.MonkeyPatch, value: str, level: int) -> None:
    logger = logging.getLogger("mixpeek")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.setenv("MIXPEEK_LOG", value)
    configuration = Configuration(api_key="sk_secret_value")
    assert logger.level == level and logger.handlers
    stream = io.StringIO()
    logger.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "stderr", stream)
    logger.log(level, "a message")
    assert "a message" in stream.getvalue() and "sk_secret_value" not in repr(configuration)
    Configuration(debug=False)  # back to the application's own settings


def test_help_lists_every_resource_with_its_summary() -> None:
    text = pydoc.render_doc(Mixpeek, renderer=pydoc.plaintext)
    with Mixpeek(local=True) as mp:
        resources = [
            name for name in vars(mp) if not name.startswith("_") and hasattr(getattr(mp, name), "__class__")
        ]
        assert set(resources) == set(RESOURCES)
        assert set(RESOURCES) <= set(dir(mp))
    for name, summary in RESOURCES.items():
        assert f"mp.{name}``: {summary}" in text
