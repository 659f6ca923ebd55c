"""The client against the local server: the quickstart, the guide's examples, bulk upsert and paging."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mixpeek import Mixpeek
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.exceptions import BadRequestException
from mixpeek.local import serve

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "high-level-client.md"


@pytest.fixture
def mp(clean_env: pytest.MonkeyPatch) -> Iterator[Mixpeek]:
    """A client on a fresh local server, with a standalone namespace "vecs" (2-dimension index "v")."""
    with serve() as url, Mixpeek("sk_local", namespace="vecs", base_url=url) as client:
        client.namespaces.create("vecs", vector_configs=[{"name": "v", "dimension": 2}])
        yield client


def run_quickstart(**mixpeek_env: str) -> subprocess.CompletedProcess[str]:
    """Run examples/quickstart.py in a fresh interpreter with only the given MIXPEEK_* variables."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MIXPEEK_")}
    env.update(mixpeek_env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def first_hit(output: str) -> str:
    found = re.search(r"^\s+1\. (\S+)", output, re.MULTILINE)
    assert found is not None, output
    return found.group(1)


def test_quickstart_runs_offline_and_prints_the_nearest_document() -> None:
    completed = run_quickstart()
    assert completed.returncode == 0, completed.stderr
    assert "local server" in completed.stdout
    assert first_hit(completed.stdout) == "doc-1"


def test_quickstart_with_a_key_uses_the_given_api_and_cleans_up() -> None:
    with serve() as url:
        completed = run_quickstart(MIXPEEK_API_KEY="sk_quickstart_test", MIXPEEK_BASE_URL=url)
        assert completed.returncode == 0, completed.stderr
        assert url in completed.stdout and "local server" not in completed.stdout
        assert first_hit(completed.stdout) == "doc-1"
        with Mixpeek("sk_quickstart_test", base_url=url) as mp:
            assert list(mp.namespaces.paginate()) == []  # its namespace was deleted at the end


def guide_examples() -> dict[str, str]:
    """The guide's code blocks marked ``<!-- example: name -->``, by name."""
    text = GUIDE.read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- example: ([\w-]+) -->\n```python\n(.*?)```", text, re.DOTALL))


def test_the_guide_examples_run_in_order_against_the_local_server(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = guide_examples()
    assert list(examples) == ["byo-vectors", "read-your-writes", "promote", "search"]
    with serve() as url:
        clean_env.setenv("MIXPEEK_BASE_URL", url)
        scope: dict[str, object] = {}
        exec(compile(examples["byo-vectors"], "byo-vectors", "exec"), scope)
        assert "'document_id': 'doc-1'" in capsys.readouterr().out
        exec(compile(examples["read-your-writes"], "read-your-writes", "exec"), scope)
        assert [hit["document_id"] for hit in scope["results"]["documents"]][0] == "doc-2"  # type: ignore[index]
        exec(compile(examples["promote"], "promote", "exec"), scope)
        assert "standalone -> managed" in capsys.readouterr().out
        scope["mp"].close()  # type: ignore[attr-defined]


def eight_dimension_embedder(text: str, inference_service: str) -> list[float]:
    """A stand-in text model whose every text lands on the guide's collection document."""
    return [0.2, 0.1, -0.3, -0.4, 0.0, 0.3, -0.4, -0.5]


def run_search_example(url: str, clean_env: pytest.MonkeyPatch, *, promote: bool) -> dict[str, object]:
    """The guide's "search" example after "byo-vectors" (and "promote"), with "my-collection" created in
    its namespace and holding one document; returns the example's variables."""
    examples = guide_examples()
    clean_env.setenv("MIXPEEK_BASE_URL", url)
    scope: dict[str, object] = {}
    exec(compile(examples["byo-vectors"], "byo-vectors", "exec"), scope)
    with Mixpeek("sk_local", namespace="my-vectors", base_url=url) as setup:
        setup.collections.create("my-collection", source={"type": "none"})
        setup.documents.create("my-collection", document_id="car", vectors={"text_8": [0.2] * 8})
    if promote:
        exec(compile(examples["promote"], "promote", "exec"), scope)
    try:
        exec(compile(examples["search"], "search", "exec"), scope)
    finally:
        scope["mp"].close()  # type: ignore[attr-defined]
    return scope


def test_the_guide_search_example_runs_on_a_server_with_an_embedder(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(embedder=eight_dimension_embedder) as url:
        scope = run_search_example(url, clean_env, promote=True)
    assert "'document_id': 'doc-1'" in capsys.readouterr().out  # the vector search's hits
    assert [hit["document_id"] for hit in scope["hits"]["documents"]] == ["car"]  # type: ignore[index]


def test_the_guide_text_search_without_an_embedder_is_a_400_saying_what_to_do(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve() as url, pytest.raises(BadRequestException) as refused:
        run_search_example(url, clean_env, promote=False)
    assert "'document_id': 'doc-1'" in capsys.readouterr().out  # the vector part ran
    assert "by vector instead" in str(refused.value)


def vector_documents(count: int) -> Iterator[dict[str, object]]:
    for number in range(count):
        yield {"document_id": f"d{number}", "vectors": {"v": [1.0, number / count]}, "payload": {"n": number}}


def test_bulk_upsert_of_2500_documents_writes_each_once(mp: Mixpeek) -> None:
    result = mp.namespaces.documents.upsert("vecs", vector_documents(2500), concurrency=3)
    assert (result.inserted, result.batches, len(set(result.document_ids))) == (2500, 3, 2500)
    assert mp.namespaces.documents.get("vecs", "d2499")["payload"] == {"n": 2499}


def test_resending_a_batch_with_its_key_does_not_write_it_twice(mp: Mixpeek) -> None:
    first = mp.namespaces.documents.upsert("vecs", vector_documents(3), options={"idempotency_key": "job-1"})
    again = mp.namespaces.documents.upsert("vecs", vector_documents(3), options={"idempotency_key": "job-1"})
    assert again.document_ids == first.document_ids
    assert again == first and again.batches == first.batches == 1


def test_listing_walks_every_page_of_the_local_server(mp: Mixpeek) -> None:
    stage = feature_search_stage(vector_search("v", [1, 0]))
    for number in range(7):
        mp.retrievers.create(f"r{number}", [stage])
    names = [retriever.retriever_name for retriever in mp.retrievers.paginate(limit=3)]
    assert sorted(names) == [f"r{number}" for number in range(7)]
    pages = list(mp.retrievers.paginate(limit=3).pages())
    assert [len(page) for page in pages] == [3, 3, 1]
