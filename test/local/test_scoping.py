"""Namespace ids follow one pattern (422 otherwise), and a namespace's state is found by its exact id:
deleting or counting namespace ``proj`` never touches another namespace whose id starts with ``proj``."""

from __future__ import annotations

from pathlib import Path

import pytest

from mixpeek.local import LocalOptions, LocalServer
from mixpeek.local.corpus import DocumentWrite
from mixpeek.local.engine import NAMESPACES, Engine
from test.local.helpers import assert_error_shape, raw

BAD_IDS = ["proj/child", "proj child", "-lead", "_lead", "a" * 129, "proj.child", "naïve", "x\u2028y", ""]
GOOD_IDS = ["p", "proj_child-1", "A" * 128, "ns_3f9a0c1d2b4e"]


@pytest.mark.parametrize("namespace_id", BAD_IDS)
@pytest.mark.parametrize("mode", ["managed", "standalone"])
def test_namespace_ids_outside_the_pattern_get_422(local_url: str, namespace_id: str, mode: str) -> None:
    before = _namespace_count(local_url)
    if mode == "managed":
        body = {"namespace_name": "scoped-bad", "namespace_id": namespace_id}
        status, answer = raw(local_url, "POST", "/v1/namespaces", body)
    else:
        status, answer = raw(local_url, "POST", "/v1/namespaces/standalone", {"namespace_id": namespace_id})
    assert status == 422, answer
    assert_error_shape(answer, 422)
    assert _namespace_count(local_url) == before


def _namespace_count(url: str) -> int:
    status, body = raw(url, "GET", "/v1/namespaces")
    assert status == 200
    return int(body["total_count"])  # type: ignore[index]


@pytest.mark.parametrize("namespace_id", GOOD_IDS)
def test_namespace_ids_in_the_pattern_are_accepted(local_url: str, namespace_id: str) -> None:
    body = {"namespace_name": f"ok-{namespace_id}"[:64], "namespace_id": namespace_id}
    assert raw(local_url, "POST", "/v1/namespaces", body)[0] == 200
    assert raw(local_url, "DELETE", f"/v1/namespaces/{namespace_id}")[0] == 200


def _seed_legacy_namespace(data_dir: Path) -> None:
    """A data dir from before the id pattern: namespace ``proj/child`` holding document ``kept``."""
    engine = Engine(LocalOptions(data_dir=str(data_dir)))
    try:
        record = {
            "object": "namespace",
            "namespace_id": "proj/child",
            "namespace_name": "proj-child",
            "mode": "standalone",
            "vector_configs": [{"name": "v", "dimension": 2, "metric": "cosine"}],
        }
        engine.storage.put(NAMESPACES, "", "proj/child", record)
        engine.corpus(record).write([DocumentWrite("kept", {"document_id": "kept"}, {"v": [1.0, 0.0]})])
    finally:
        engine.close()


def test_deleting_a_namespace_leaves_namespaces_sharing_its_prefix_alone(tmp_path: Path) -> None:
    _seed_legacy_namespace(tmp_path)
    with LocalServer(data_dir=str(tmp_path)) as server:
        url = server.url
        vectors = {"namespace_id": "proj", "vector_configs": [{"name": "v", "dimension": 2}]}
        assert raw(url, "POST", "/v1/namespaces/standalone", vectors)[0] == 200
        documents = {"documents": [{"document_id": "own", "vectors": {"v": [0.0, 1.0]}}]}
        assert raw(url, "POST", "/v1/namespaces/proj/documents/upsert", documents)[0] == 200
        assert raw(url, "GET", "/v1/namespaces/proj")[1]["document_count"] == 1  # type: ignore[index]
        assert raw(url, "DELETE", "/v1/namespaces/proj")[0] == 200
        status, kept = raw(url, "GET", "/v1/namespaces/proj%2Fchild/documents/kept")
        assert (status, kept["document_id"]) == (200, "kept")  # type: ignore[index]
        assert raw(url, "GET", "/v1/namespaces/proj%2Fchild")[1]["document_count"] == 1  # type: ignore[index]
