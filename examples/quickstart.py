"""Quickstart: bring your own vectors, end to end, with the high-level `Mixpeek` client.

    python examples/quickstart.py

Without MIXPEEK_API_KEY it starts the local Mixpeek server in this process (no network, no account) and
runs against it. With MIXPEEK_API_KEY set it runs against the real API (MIXPEEK_BASE_URL optional), in a
fresh namespace that it deletes at the end.

The flow: create a standalone namespace with an 8-dimension vector index, upsert a few documents with
their own vectors (asking for a write token), create a ``feature_search`` retriever, execute it with a
query vector (sending the write token so the read sees the write), and print the hits, nearest first.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import Iterator
from typing import Any, Optional

from mixpeek import Mixpeek, MixpeekError, feature_search_stage, vector_search

VECTOR_INDEX = "text_8"

# Three documents with hand-made 8-dimension vectors; the query below is closest to doc-1.
DOCUMENTS = [
    {
        "document_id": "doc-1",
        "vectors": {VECTOR_INDEX: [0.11, 0.32, -0.38, -0.41, 0.006, 0.34, -0.40, -0.52]},
        "payload": {"body": "hello world", "category": "docs"},
    },
    {
        "document_id": "doc-2",
        "vectors": {VECTOR_INDEX: [0.52, -0.12, 0.33, 0.08, -0.41, 0.27, 0.19, -0.05]},
        "payload": {"body": "release notes for version two", "category": "changelog"},
    },
    {
        "document_id": "doc-3",
        "vectors": {VECTOR_INDEX: [-0.30, 0.05, 0.44, -0.12, 0.36, -0.21, 0.48, 0.10]},
        "payload": {"body": "how to rotate an API key", "category": "guides"},
    },
]
QUERY_VECTOR = [0.10, 0.30, -0.36, -0.40, 0.01, 0.33, -0.41, -0.50]


@contextlib.contextmanager
def api_endpoint() -> Iterator[tuple[str, Optional[str], bool]]:
    """(API key, base URL, is_local): the real API when MIXPEEK_API_KEY is set, else a local server."""
    api_key = os.environ.get("MIXPEEK_API_KEY", "").strip()
    if api_key:
        yield api_key, os.environ.get("MIXPEEK_BASE_URL") or None, False
        return
    from mixpeek.local import serve

    with serve() as url:
        yield "sk_local_quickstart", url, True


def run(mp: Mixpeek, namespace_id: str) -> list[dict[str, Any]]:
    """The bring-your-own-vectors flow; returns the hits, nearest first."""
    namespace = mp.namespaces.create(
        namespace_id=namespace_id,
        mode="standalone",
        vector_configs=[{"name": VECTOR_INDEX, "dimension": 8, "metric": "cosine"}],
    )
    print(f"1. created standalone namespace {namespace['namespace_id']}")

    upserted = mp.namespaces.documents.upsert(
        namespace_id=namespace_id, documents=DOCUMENTS, options={"write_token": True}
    )
    print(f"2. upserted {upserted['inserted']} documents: {', '.join(upserted['document_ids'])}")

    retriever = mp.retrievers.create(
        retriever_name="byov-search",
        # one feature_search stage: the 3 nearest neighbours of the "qv" input in the vector index
        stages=[feature_search_stage(vector_search(VECTOR_INDEX, "{{INPUT.qv}}", top_k=3), final_top_k=3)],
        input_schema={"qv": {"type": "array", "required": True}},
        namespace=namespace_id,
    )
    retriever_id = str(retriever["retriever_id"])  # the schema leaves it optional; a created one has it
    print(f"3. created retriever {retriever_id}")

    results = mp.retrievers.execute(
        retriever_id,
        inputs={"qv": QUERY_VECTOR},
        write_token=upserted["write_token"],
        namespace=namespace_id,
    )
    hits: list[dict[str, Any]] = list(results["documents"] or results["results"] or [])
    print(f"4. executed it: {len(hits)} hit(s), nearest first")
    for rank, hit in enumerate(hits, start=1):
        payload = hit.get("payload") or hit.get("metadata") or {}
        score = hit.get("score")
        score_text = f"{score:.4f}" if isinstance(score, (int, float)) else "n/a"
        print(f"   {rank}. {hit.get('document_id')}  score={score_text}  body={payload.get('body')!r}")
    mp.retrievers.delete(retriever_id, namespace=namespace_id)
    return hits


def remove_namespace(mp: Mixpeek, namespace_id: str) -> None:
    """Delete the namespace the example made; a failure is reported, not raised over the run's own error."""
    try:
        mp.namespaces.delete(namespace_id)
    except MixpeekError as error:
        print(f"could not delete the namespace {namespace_id!r}: {error}", file=sys.stderr)


def main() -> int:
    namespace_id = f"quickstart-{uuid.uuid4().hex[:8]}"
    with api_endpoint() as (api_key, base_url, is_local):
        where = f"local server at {base_url}" if is_local else (base_url or "https://api.mixpeek.com")
        print(f"Mixpeek quickstart against the {where}")
        with Mixpeek(api_key=api_key, namespace=namespace_id, base_url=base_url) as mp:
            try:
                hits = run(mp, namespace_id)
            finally:
                if not is_local:
                    remove_namespace(mp, namespace_id)
    nearest = hits[0].get("document_id") if hits else None
    if nearest != "doc-1":
        print(f"unexpected: the nearest hit is {nearest!r}, not 'doc-1'", file=sys.stderr)
        return 1
    print("done: the nearest document to the query is doc-1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
