"""The README's Python examples run as shown, against the local Mixpeek server.

Every ```python block preceded by an ``<!-- example: NAME -->`` marker is executed with its hosts pointed
at a local server (``MIXPEEK_BASE_URL`` for the high-level client). The expectations below say what each
example must have done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mixpeek
from mixpeek.local import serve

README = Path(__file__).resolve().parents[2] / "README.md"
KEY = "sk_xxxxxxxxxxxxx"
NAMESPACE = "ns_xxxxxxxxxxxxx"


def readme_examples() -> dict[str, str]:
    """Marked ```python blocks of the README, by name."""
    pattern = re.compile(r"<!-- example: ([a-z_]+) -->\s*```python\n(.*?)```", re.DOTALL)
    return {name: code for name, code in pattern.findall(README.read_text())}


def fake_embedder(text: str, inference_service: str) -> list[float]:
    """A deterministic stand-in for the inference service an index is mapped to (8 dimensions)."""
    return [float((ord(text[i % len(text)]) % 7) - 3) if text else 0.0 for i in range(8)]


@pytest.fixture(scope="module")
def local_url() -> Iterator[str]:
    with serve(embedder=fake_embedder) as url, mixpeek.ApiClient(mixpeek.Configuration(host=url)) as client:
        byo = mixpeek.BYODocumentsApi(client)
        byo.create_standalone_namespace(
            {"namespace_id": NAMESPACE, "vector_configs": [{"name": "text_embedding", "dimension": 8}]},
            authorization=f"Bearer {KEY}",
        )
        byo.upsert_documents_byo_namespaces(
            NAMESPACE,
            {"documents": [{"document_id": "doc-ai", "vectors": {"text_embedding": [0.5] * 8}}]},
            authorization=f"Bearer {KEY}",
        )
        # Map the index to an inference service, so text queries are embedded (by `fake_embedder`).
        byo.promote_namespace(
            NAMESPACE,
            {"vector_mappings": [{"existing_index": "text_embedding", "inference_service": "local/fake"}]},
            authorization=f"Bearer {KEY}",
        )
        yield url


def run(name: str, url: str, monkeypatch: pytest.MonkeyPatch, **names: Any) -> dict[str, Any]:
    monkeypatch.setenv("MIXPEEK_BASE_URL", url)
    code = re.sub(r"https://api\.mixpeek\.com", url, readme_examples()[name])
    scope: dict[str, Any] = {"__name__": f"readme_{name}", **names}
    exec(compile(code, f"<README example {name}>", "exec"), scope)  # noqa: S102 - running documentation
    return scope


def test_every_marked_example_has_a_test() -> None:
    tested = {name[len("test_example_") :] for name in globals() if name.startswith("test_example_")}
    assert set(readme_examples()) == tested


def test_example_byov(
    local_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run("byov", local_url, monkeypatch)
    first_hit = capsys.readouterr().out.splitlines()[0]
    assert first_hit.split()[0] == "doc-1"


def test_example_generated_layer(
    local_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scope = run("generated_layer", local_url, monkeypatch)
    assert capsys.readouterr().out.startswith("Collections: ")
    assert isinstance(scope["collections"], mixpeek.ListCollectionsResponse)


def test_example_collections(
    local_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scope = run("collections", local_url, monkeypatch)
    assert capsys.readouterr().out.startswith("Created collection: col_")
    assert scope["retrieved"].collection_name == "my-collection"
    assert "my-collection" in [c.collection_name for c in scope["all_collections"].results]


def test_example_request_dicts(local_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scope = run("request_dicts", local_url, monkeypatch)
    with mixpeek.ApiClient(mixpeek.Configuration(host=local_url, api_key=KEY, namespace=NAMESPACE)) as client:
        bucket = mixpeek.BucketsApi(client).create_bucket(
            {"bucket_name": "typed-dicts", "bucket_schema": {"properties": {"content": {"type": "video"}}}}
        )
        collection = scope["create_collection"](client, "typed-dicts", bucket.bucket_id)
    assert collection.collection_name == "typed-dicts"
    assert collection.source.bucket_ids == [bucket.bucket_id]


def test_example_retrievers(
    local_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scope = run("retrievers", local_url, monkeypatch)
    assert capsys.readouterr().out == "Found 1 results\n"  # the namespace's one document
    assert scope["results"].results == scope["results"].documents


def test_example_upload(local_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scope = run("upload", local_url, monkeypatch)
    assert [obj.blobs[0].data for obj in scope["uploaded"].objects] == ["s3://bucket/video.mp4"]
    assert scope["uploaded"].trigger.task_id


def test_example_errors(
    local_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run("errors", local_url, monkeypatch)
    assert capsys.readouterr().out.startswith("404 Not Found {")


def test_example_local_server(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run("local_server", "unused", monkeypatch)
    assert capsys.readouterr().out.splitlines() == ["0 namespaces", "[]", "True"]
