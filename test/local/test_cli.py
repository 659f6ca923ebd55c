"""`python -m mixpeek.local` serves until stopped, announcing the URL it bound."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mixpeek.client.stages import feature_search_stage, text_search
from test.local.helpers import raw

REPOSITORY = Path(__file__).resolve().parents[2]


@contextmanager
def command_server(*arguments: str) -> Iterator[str]:
    """`python -m mixpeek.local --port 0 ARGUMENTS` as a child process; yields the URL it announces."""
    command = [sys.executable, "-m", "mixpeek.local", "--port", "0", *arguments]
    process = subprocess.Popen(command, cwd=REPOSITORY, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert found, banner
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def test_the_command_serves_with_a_key_list_and_a_data_directory(tmp_path: Path) -> None:
    with command_server("--data-dir", str(tmp_path), "--api-key", "sk_cli") as url:
        assert raw(url, "GET", "/v1/namespaces", api_key="sk_other")[0] == 401
        status, body = raw(
            url, "POST", "/v1/namespaces/standalone", {"namespace_id": "cli"}, api_key="sk_cli"
        )
        assert (status, body["namespace_id"]) == (200, "cli")
    assert (tmp_path / "mixpeek-local.sqlite3").exists()


def test_the_command_loads_an_embedder_by_import_path() -> None:
    with command_server("--embedder", "test.local.helpers:axis_embedder") as url:
        vectors = {"namespace_id": "t", "vector_configs": [{"name": "v", "dimension": 2}]}
        assert raw(url, "POST", "/v1/namespaces/standalone", vectors)[0] == 200
        documents = [
            {"document_id": "left", "vectors": {"v": [1.0, 0.0]}},
            {"document_id": "up", "vectors": {"v": [0.0, 1.0]}},
        ]
        assert raw(url, "POST", "/v1/namespaces/t/documents/upsert", {"documents": documents})[0] == 200
        mapping = {"vector_mappings": [{"existing_index": "v", "inference_service": "any-model"}]}
        assert raw(url, "POST", "/v1/namespaces/t/promote", mapping)[0] == 200
        stage = feature_search_stage(text_search("v", "turn left", top_k=1), stage_name="s")
        status, body = raw(url, "POST", "/v1/retrievers/execute", {"stages": [stage]}, namespace="t")
        assert status == 200
        assert [document["document_id"] for document in body["documents"]] == ["left"]


def test_an_embedder_that_cannot_be_loaded_stops_the_command() -> None:
    command = [sys.executable, "-m", "mixpeek.local", "--port", "0", "--embedder", "no_such_module:embed"]
    finished = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=60)
    assert finished.returncode != 0
    assert "cannot load embedder 'no_such_module:embed'" in finished.stderr


def test_the_command_serves_hosts_allowed_with_allow_host() -> None:
    with command_server(
        "--allow-host", "mixpeek.lan", "--max-connections", "8", "--idle-timeout", "5"
    ) as url:
        assert raw(url, "GET", "/v1/namespaces", headers={"Host": "mixpeek.lan:8787"})[0] == 200
        assert raw(url, "GET", "/v1/namespaces", headers={"Host": "other.lan"})[0] == 403
