"""With a data directory, acknowledged writes survive a restart (SQLite)."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest

from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.api.collection_documents_api import CollectionDocumentsApi
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.api.namespaces_api import NamespacesApi
from mixpeek.exceptions import BadRequestException, NotFoundException
from mixpeek.local import LocalServer
from mixpeek.local import server as server_module
from mixpeek.local.app import Application
from mixpeek.local.options import LocalOptions
from mixpeek.local.storage import SqliteStorage
from mixpeek.models import CreateCollectionRequest, DocumentCreateRequest
from test.local.helpers import (
    create_search_retriever,
    create_standalone,
    execute,
    ids_of,
    random_vectors,
    sdk_client,
    upsert,
)


def test_state_survives_a_restart(tmp_path: Path) -> None:
    vectors = random_vectors(50, 8, seed=7)
    with LocalServer(data_dir=str(tmp_path)) as server, sdk_client(server.url, "kept") as client:
        create_standalone(client, "kept")
        written = upsert(
            client, "kept", vectors, [{"i": i} for i in range(50)], options={"write_token": True}
        )
        retriever_id = create_search_retriever(client, top_k=5)
        CollectionsApi(client).create_collection(
            CreateCollectionRequest.model_validate({"collection_name": "col", "source": {"type": "none"}})
        )
        CollectionDocumentsApi(client).create_document(
            "col", DocumentCreateRequest(metadata={"title": "kept"})
        )
        before = ids_of(execute(client, retriever_id, inputs={"qv": vectors[3]}))

    assert written.write_token is not None
    with LocalServer(data_dir=str(tmp_path)) as server, sdk_client(server.url, "kept") as client:
        assert NamespacesApi(client).get_namespace("kept").document_count == 51
        stored = BYODocumentsApi(client).get_document_byo_namespaces("kept", "doc-3", True)
        assert stored["payload"] == {"i": 3}
        assert stored["vectors"]["v"] == pytest.approx(vectors[3], abs=1e-6)
        after = ids_of(
            execute(client, retriever_id, {"X-Write-Token": written.write_token}, inputs={"qv": vectors[3]})
        )
        assert after == before
        assert after[0] == "doc-3"
        listed = CollectionDocumentsApi(client).list_documents_0("col")
        assert listed.results is not None
        assert [document.to_dict()["metadata"] for document in listed.results] == [{"title": "kept"}]


def test_deletes_survive_a_restart(tmp_path: Path) -> None:
    with LocalServer(data_dir=str(tmp_path)) as server, sdk_client(server.url, "gone") as client:
        create_standalone(client, "gone")
        NamespacesApi(client).delete_namespace("gone")
    with LocalServer(data_dir=str(tmp_path)) as server, sdk_client(server.url, "gone") as client:
        assert NamespacesApi(client).list_namespaces_get().total_count == 0
        with pytest.raises(NotFoundException):
            NamespacesApi(client).get_namespace("gone")


def test_memory_state_does_not_survive() -> None:
    with LocalServer() as server, sdk_client(server.url) as client:
        create_standalone(client, "fleeting")
    with LocalServer() as server, sdk_client(server.url) as client, pytest.raises(NotFoundException):
        NamespacesApi(client).get_namespace("fleeting")


def test_write_tokens_from_another_data_directory_are_unknown(tmp_path: Path) -> None:
    with LocalServer(data_dir=str(tmp_path / "a")) as server, sdk_client(server.url, "n") as client:
        create_standalone(client, "n")
        token = upsert(client, "n", [[1.0] * 8], options={"write_token": True}).write_token
        assert token is not None
    with LocalServer(data_dir=str(tmp_path / "b")) as server, sdk_client(server.url, "n") as client:
        create_standalone(client, "n")
        retriever_id = create_search_retriever(client)
        with pytest.raises(BadRequestException):
            execute(client, retriever_id, {"X-Write-Token": token}, inputs={"qv": [1.0] * 8})


def test_a_port_that_cannot_be_bound_leaves_no_open_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Application] = []
    build = server_module.build_application

    def recording_build(options: LocalOptions) -> Application:
        built.append(build(options))
        return built[-1]

    monkeypatch.setattr(server_module, "build_application", recording_build)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        server = LocalServer(port=taken.getsockname()[1], data_dir=str(tmp_path))
        with pytest.raises(OSError):
            server.start()
    storage = built[0].engine.storage
    assert isinstance(storage, SqliteStorage)
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        storage._db.execute("SELECT 1")
