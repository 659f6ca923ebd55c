"""The SDK description's "Standalone Namespaces" examples, run as written against the local server.

The examples build `Mixpeek(api_key="sk_xxxxxxxxxxxxx", namespace="my-vectors")` without a base URL; the
client then reads MIXPEEK_BASE_URL, which each test points at a fresh in-process local server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import urllib3

from mixpeek import Mixpeek
from mixpeek.client.stages import feature_search_stage, text_search
from mixpeek.local import serve

QUERY = [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]
DOC_2_VECTOR = [0.2, 0.1, -0.3, -0.4, 0.0, 0.3, -0.4, -0.5]


@pytest.fixture
def local_url(clean_env: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh local server, with MIXPEEK_BASE_URL pointing at it."""
    with serve() as url:
        clean_env.setenv("MIXPEEK_BASE_URL", url)
        yield url


def standalone_namespaces_example() -> tuple[Mixpeek, Any, Any]:
    """The example's code, unchanged (it returns what later examples use)."""
    mp = Mixpeek(api_key="sk_xxxxxxxxxxxxx", namespace="my-vectors")

    # 1. Create a standalone namespace with one or more vector configs.
    mp.namespaces.create(
        namespace_id="my-vectors",
        mode="standalone",
        vector_configs=[{"name": "text_8", "dimension": 8, "metric": "cosine"}],
    )

    # 2. Upsert documents with your own vectors (direct write, no pipeline).
    mp.namespaces.documents.upsert(
        namespace_id="my-vectors",
        documents=[
            {
                "document_id": "doc-1",
                "vectors": {"text_8": [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]},
                "payload": {"body": "hello world", "category": "docs"},
            }
        ],
        # Optional: request a write token for read-your-writes consistency.
        options={"write_token": True},
    )

    # 3. Query is unified on retrievers. Create a retriever with a feature_search
    #    stage and execute it. The X-Namespace header is sent for you.
    retriever = mp.retrievers.create(
        retriever_name="byov-search",
        stages=[
            {
                "stage_name": "feature_search",
                "stage_type": "filter",
                "config": {
                    "stage_id": "feature_search",
                    "parameters": {
                        "final_top_k": 5,
                        "searches": [
                            {
                                "feature_uri": "text_8",
                                "query": {"input_mode": "vector", "value": "{{INPUT.qv}}"},
                                "top_k": 5,
                            }
                        ],
                    },
                },
            }
        ],
        input_schema={"qv": {"type": "array", "required": True}},
    )

    results = mp.retrievers.execute(
        retriever["retriever_id"],
        inputs={"qv": [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]},
    )
    return mp, retriever, results


def hit_ids(results: Any) -> list[str]:
    return [hit["document_id"] for hit in results["documents"]]


def test_standalone_namespaces_example_finds_the_upserted_document(
    local_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mp, retriever, results = standalone_namespaces_example()
    print(results)

    assert retriever["retriever_id"]
    assert hit_ids(results) == ["doc-1"]
    assert results["documents"][0]["payload"] == {"body": "hello world", "category": "docs"}
    assert "doc-1" in capsys.readouterr().out
    mp.close()


def test_search_shortcut_finds_the_upserted_document(local_url: str) -> None:
    mp, _, _ = standalone_namespaces_example()
    hits = mp.search(namespace_id="my-vectors", queries=[{"feature_uri": "text_8", "vector": QUERY}])
    assert hit_ids(hits) == ["doc-1"]
    names = [r.retriever_name for r in mp.retrievers.paginate()]
    assert names == ["byov-search"]  # the ephemeral one is gone
    mp.close()


def test_read_your_writes_with_the_write_token(clean_env: pytest.MonkeyPatch) -> None:
    # Reads without a token see a snapshot one minute old, as an eventually consistent API may.
    with serve(read_lag_seconds=60.0) as url:
        clean_env.setenv("MIXPEEK_BASE_URL", url)
        mp, retriever, _ = standalone_namespaces_example()

        res = mp.namespaces.documents.upsert(
            namespace_id="my-vectors",
            documents=[{"document_id": "doc-2", "vectors": {"text_8": DOC_2_VECTOR}, "payload": {}}],
            options={"write_token": True},
        )
        # res["write_token"] -> send as X-Write-Token on the next retriever execute.
        assert res["write_token"]

        stale = mp.retrievers.execute(retriever["retriever_id"], inputs={"qv": DOC_2_VECTOR})
        fresh = mp.retrievers.execute(
            retriever["retriever_id"], inputs={"qv": DOC_2_VECTOR}, write_token=res["write_token"]
        )
        assert "doc-2" not in hit_ids(stale)
        assert hit_ids(fresh)[0] == "doc-2"
        mp.close()


def embed(text: str, inference_service: str) -> list[float]:
    """A stand-in text embedder: "hello world" lands on doc-1's vector, anything else elsewhere."""
    return list(QUERY) if text == "hello world" else [-value for value in QUERY]


def test_promotion_example_then_text_queries_are_embedded(clean_env: pytest.MonkeyPatch) -> None:
    with serve(embedder=embed) as url:
        clean_env.setenv("MIXPEEK_BASE_URL", url)
        mp, _, _ = standalone_namespaces_example()
        mappings = [
            {"existing_index": "text_8", "inference_service": "intfloat/multilingual-e5-large-instruct"}
        ]
        assert mp.namespaces.validate_promotion("my-vectors", vector_mappings=mappings).valid is True

        # The example, as written, with the local server's address in place of https://api.mixpeek.com.
        http = urllib3.PoolManager()
        response = http.request(
            "POST",
            f"{url}/v1/namespaces/my-vectors/promote",
            headers={"Authorization": "Bearer sk_xxxxxxxxxxxxx", "Content-Type": "application/json"},
            body=json.dumps(
                {
                    "vector_mappings": [
                        {
                            "existing_index": "text_8",
                            "inference_service": "intfloat/multilingual-e5-large-instruct",
                        }
                    ]
                }
            ).encode(),
        )
        assert response.status == 200
        assert json.loads(response.data)["mode"] == "managed"

        retriever = mp.retrievers.create(
            retriever_name="text-search",
            stages=[feature_search_stage(text_search("text_8", "{{INPUT.q}}", top_k=5), final_top_k=5)],
            input_schema={"q": {"type": "text", "required": True}},
        )
        results = mp.retrievers.execute(retriever["retriever_id"], inputs={"q": "hello world"})
        assert hit_ids(results) == ["doc-1"]
        mp.close()


def test_promote_method_does_what_the_raw_request_does(local_url: str) -> None:
    mp, _, _ = standalone_namespaces_example()
    mappings = [{"existing_index": "text_8", "inference_service": "intfloat/multilingual-e5-large-instruct"}]
    promoted = mp.namespaces.promote("my-vectors", vector_mappings=mappings)
    assert (promoted.previous_mode, promoted.mode) == ("standalone", "managed")
    assert promoted.vector_inference_map == {"text_8": "intfloat/multilingual-e5-large-instruct"}
    mp.close()
