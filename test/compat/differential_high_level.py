"""Part (b) of the differential test: calls of every published high-level ``Mixpeek`` method.

Each entry is one call in a form the published client accepts (positional and keyword arguments as its
signatures take them). The server answers by path (`differential_calls.answer_for_request`); an entry's
``answers`` replace that for requests whose ``METHOD path`` matches a pattern (``times``: for that many
matching requests only). ``base_path`` is what the client's ``base_url`` adds to the server's address (the
published default includes ``/v1``).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from mixpeek.client.stages import feature_search_stage

DRIVER = Path(__file__).with_name("differential_driver.py")
#: The form names of the calls whose differences are deliberate (see ALLOWED in test_differential.py).
UNKNOWN_KEYWORD = "unknown keyword"
HOST_ONLY = "host-only base_url"

STAGES = [feature_search_stage(final_top_k=5, stage_name="search")]
SOURCE = {"type": "bucket", "bucket_ids": ["bkt_1"]}
EXTRACTOR = {"feature_extractor_name": "text_extractor", "version": "v1"}
#: A bucket whose schema has exactly one file property, so an upload can tell where the blob goes.
BUCKET_WITH_VIDEO = {
    "bucket_id": "bkt_1",
    "bucket_name": "videos",
    "bucket_schema": {"properties": {"video": {"type": "video"}, "title": {"type": "string"}}},
}
EXECUTE_RESULT = {
    "retriever_id": "ret_1",
    "execution_id": "exe_1",
    "results": [{"document_id": "doc_1", "score": 0.9}, {"document_id": "doc_2", "score": 0.5}],
}


def call(target: str, *args: Any, form: str = "", **kwargs: Any) -> dict[str, Any]:
    """One table entry: ``mp.<target>(*args, **kwargs)``."""
    return {
        "id": target + (f"[{form}]" if form else ""),
        "kind": "client",
        "target": target,
        "args": list(args),
        "kwargs": kwargs,
    }


def host_only(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with ``base_url`` set to the server's address alone, without ``/v1``."""
    entry["base_path"] = ""
    return entry


def answering(entry: dict[str, Any], *answers: dict[str, Any]) -> dict[str, Any]:
    entry["answers"] = list(answers)
    return entry


def answer(pattern: str, body: Any, status: int = 200, **extra: Any) -> dict[str, Any]:
    return {"match": pattern, "status": status, "body": body, **extra}


def search_calls() -> list[dict[str, Any]]:
    vector_query = {"vector_name": "text_vec", "vector": [0.1, 0.2, 0.3]}
    uri_query = {
        "feature_uri": "mixpeek://text_extractor@v1/embedding",
        "query": {"input_mode": "text", "value": "q"},
    }
    return [
        call("search", "red car", collection="products"),
        call("search", "red car", form="filters", collection="col_1", filters={"color": "red"}, limit=5),
        call("search", "red car", form="namespace", namespace="ns_other"),
        call("search", form="vector_name", namespace_id="ns_byov", queries=[vector_query]),
        call("search", form="feature_uri", queries=[uri_query], limit=3),
        answering(
            call("index", "s3://bucket/clip.mp4", collection="col_1", metadata={"title": "clip"}),
            answer(r"GET /v1/buckets/[^/]+$", BUCKET_WITH_VIDEO),
        ),
        call(
            "index",
            "https://example.com/a.mp4",
            form="blob_property",
            blob_property="video",
            blob_type="video",
        ),
    ]


def namespace_calls() -> list[dict[str, Any]]:
    return [
        call("namespaces.list"),
        call("namespaces.get", "ns_1"),
        call("namespaces.create", form="managed", name="my-ns", feature_extractors=[EXTRACTOR]),
        call(
            "namespaces.create",
            form="standalone",
            namespace_id="ns_byov",
            vector_configs=[{"name": "text_vec", "dimension": 3}],
        ),
        call("namespaces.delete", "ns_1"),
        call("namespaces.clone", "ns_1", namespace_name="ns-copy"),
        call("namespaces.clone", "ns_1", {"namespace_name": "ns-copy"}, form="body"),
        call(
            "namespaces.promote",
            "ns_1",
            vector_mappings=[{"existing_index": "idx_1", "inference_service": "svc"}],
        ),
        call(
            "namespaces.documents.upsert",
            namespace_id="ns_byov",
            documents=[
                {"document_id": "doc_1", "vectors": {"text_vec": [0.1, 0.2, 0.3]}, "metadata": {"k": 1}}
            ],
        ),
    ]


def bucket_calls() -> list[dict[str, Any]]:
    return [
        call("buckets.list"),
        call("buckets.get", "bkt_1"),
        call("buckets.create", bucket_name="videos", bucket_schema=BUCKET_WITH_VIDEO["bucket_schema"]),
        call("buckets.create", form="name", name="videos", bucket_schema=BUCKET_WITH_VIDEO["bucket_schema"]),
        call("buckets.delete", "bkt_1"),
        answering(
            call("buckets.upload", "bkt_1", url="https://example.com/a.mp4", metadata={"title": "a"}),
            answer(r"GET /v1/buckets/[^/]+$", BUCKET_WITH_VIDEO),
        ),
        call(
            "buckets.upload",
            "bkt_1",
            form="blob_property",
            data="hello",
            blob_property="video",
            blob_type="video",
        ),
        call("buckets.list_objects", "bkt_1", cursor="cur_1", page_size=10),
    ]


def collection_calls() -> list[dict[str, Any]]:
    return [
        call("collections.list"),
        call("collections.get", "col_1"),
        answering(
            call("collections.get", "missing", form="404"),
            answer(r"GET .*", {"detail": "Collection not found"}, status=404),
        ),
        answering(
            call("collections.get", "col_1", form="503-then-200"),
            answer(r"GET .*", {"detail": "starting"}, status=503, headers={"Retry-After": "0"}, times=1),
        ),
        call(
            "collections.create",
            collection_name="products",
            feature_extractor=EXTRACTOR,
            source=SOURCE,
        ),
        call("collections.create", form="name", name="products", feature_extractor=EXTRACTOR, source=SOURCE),
        call("collections.delete", "col_1"),
        call("collections.trigger", "col_1"),
        call("collections.update", "col_1", {"description": "new"}),
        call("collections.update", "col_1", form="kwargs", description="new"),
        call("collections.clone", "col_1", collection_name="copy"),
        call(
            "collections.create",
            form=UNKNOWN_KEYWORD,
            collection_name="products",
            feature_extractor=EXTRACTOR,
            source=SOURCE,
            not_a_field=1,
        ),
        host_only(call("collections.list", form=HOST_ONLY)),
    ]


def retriever_calls() -> list[dict[str, Any]]:
    interaction = {
        "feature_id": "doc_1",
        "interaction_type": ["click"],
        "position": 0,
        "retriever_id": "ret_1",
    }
    return [
        call("retrievers.list"),
        call("retrievers.get", "ret_1"),
        call("retrievers.create", retriever_name="r1", stages=STAGES),
        call("retrievers.create", form="name", name="r1", stages=STAGES, description="d"),
        call("retrievers.update", "ret_1", stages=STAGES),
        call("retrievers.delete", "ret_1"),
        call("retrievers.execute", "ret_1", inputs={"query": "q"}),
        call("retrievers.execute", "ret_1", form="settings", inputs={"query": "q"}, settings={"limit": 3}),
        call("retrievers.run", "ret_1", inputs={"query": "q"}),
        call("retrievers.execute_batch", "ret_1", queries=[{"query": "a"}, {"inputs": {"query": "b"}}]),
        call("retrievers.clone", "ret_1", retriever_name="copy"),
        call("retrievers.publish", "ret_1", display_name="Search", public_name="search"),
        call("retrievers.run_evaluation", "ret_1", dataset_name="ds"),
        call(
            "retrievers.create_interaction",
            document_id="doc_1",
            interaction_type=["click"],
            position=2,
            retriever_id="ret_1",
            user_id="u1",
        ),
        call("retrievers.create_interaction_from_result", EXECUTE_RESULT, position=1),
        call("retrievers.backfill_interactions", [interaction]),
        call("retrievers.enable_learned_fusion", "ret_1"),
        call("retrievers.disable_learned_fusion", "ret_1"),
        call("retrievers.set_rollout", "ret_1", rollout_pct=25.0),
        call("retrievers.opt_out_user", "ret_1", user_id="u1"),
        call("retrievers.opt_in_user", "ret_1", user_id="u1"),
        call("retrievers.reset_user", "ret_1", user_id="u1"),
        call("retrievers.get_weights", "ret_1"),
        call("retrievers.get_user_weights", "ret_1", user_id="u1"),
        call("retrievers.get_stats", "ret_1"),
        call("retrievers.get_activity", "ret_1"),
        call("retrievers.list_interactions", "ret_1", page=2, page_size=10),
        call("retrievers.get_interaction", "int_1"),
        call("retrievers.delete_interaction", "int_1"),
    ]


def document_calls() -> list[dict[str, Any]]:
    return [
        call("documents.list", "col_1", cursor="cur_1", page_size=5),
        call("documents.get", "col_1", "doc_1"),
        call("documents.delete", "col_1", "doc_1"),
        call("documents.update", "col_1", "doc_1", update_data={"metadata": {"k": "v"}}),
        call(
            "documents.batch_update", "col_1", updates=[{"document_id": "doc_1", "update_data": {"k": "v"}}]
        ),
        call("documents.search", collection_ids=["col_1"], query="q", page_size=5),
    ]


def evaluation_calls() -> list[dict[str, Any]]:
    queries = [{"query_id": "q1", "query_input": {"query": "q"}, "relevant_documents": ["doc_1"]}]
    return [
        call("evaluations.create_dataset", dataset_name="ds", queries=queries, description="d"),
        call("evaluations.list_datasets", page=2, page_size=5),
        call("evaluations.get_dataset", "ds"),
        call("evaluations.generate_from_interactions", "ret_1", dataset_name="ds", min_interactions=3),
        call("evaluations.run", "ret_1", dataset_name="ds", evaluation_config={"metrics": ["ndcg"]}),
        call("evaluations.list", "ret_1"),
        call("evaluations.get", "ret_1", "ev_1"),
    ]


def task_and_batch_calls() -> list[dict[str, Any]]:
    return [
        call("tasks.get", "task_1"),
        call("tasks.list"),
        call("tasks.delete", "task_1"),
        call("batches.get", "bkt_1", "batch_1"),
        call("batches.audit", "bkt_1", "batch_1"),
        call("batches.failed_documents", "bkt_1", "batch_1", tier_num=1, limit=10),
    ]


def high_level_calls() -> list[dict[str, Any]]:
    """Part (b): every published high-level method, some in more than one form."""
    return [
        *search_calls(),
        *namespace_calls(),
        *bucket_calls(),
        *collection_calls(),
        *retriever_calls(),
        *document_calls(),
        *evaluation_calls(),
        *task_and_batch_calls(),
    ]


def published_client_methods(python: str) -> list[str]:
    """The published client's public methods (``resource.method``), asked of its interpreter."""
    done = subprocess.run(
        [python, str(DRIVER), "--client-methods"],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]
