"""A refused request names the high-level method the user called, for every method that can refuse one.

Each case calls one public method with a misspelt keyword (or, where the request's schema is open to extra
keys or the keyword is not a request field, a wrong-typed field) against the recording server, which must
receive nothing, and checks that the `RequestValidationError` starts with that method's ``Class.method``,
also when the method builds its request through another one (``Buckets.upload`` creates an object,
``Mixpeek.search`` creates and executes a retriever). A second test checks the table is complete: every
method that passes itself to a request builder (``caller=self.name``) has a case.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

import mixpeek.client
from mixpeek.client import Mixpeek
from mixpeek.exceptions import RequestValidationError
from test.support.servers import RecordingServer

#: A keyword no request of the API declares.
TYPO = {"colour": "red"}
STAGE = {
    "stage_name": "s",
    "stage_type": "filter",
    "config": {"stage_id": "attribute_filter", "parameters": {}},
}
VECTOR_QUERY = {"feature_uri": "mixpeek://text@v1/embedding", "vector": [0.1, 0.2]}
RESULT = {"results": [{"document_id": "doc_1", "score": 0.5}], "retriever_id": "ret_1"}


@dataclass(frozen=True)
class Case:
    call: Callable[[Any], object]  # takes the client untyped, so the misspelt keywords reach the runtime
    name: str  # the Class.method the message starts with


CASES: dict[str, Case] = {
    # namespaces ---------------------------------------------------------------------------------------------
    "namespaces.create standalone": Case(
        lambda mp: mp.namespaces.create("ns_1", vector_configs=[], **TYPO), "Namespaces.create"
    ),
    "namespaces.create managed": Case(
        lambda mp: mp.namespaces.create(namespace_name="films", **TYPO), "Namespaces.create"
    ),
    "namespaces.paginate": Case(lambda mp: mp.namespaces.paginate(**TYPO), "Namespaces.paginate"),
    "namespaces.update": Case(lambda mp: mp.namespaces.update("ns_1", **TYPO), "Namespaces.update"),
    "namespaces.clone": Case(
        lambda mp: mp.namespaces.clone("ns_1", namespace_name="copy", **TYPO), "Namespaces.clone"
    ),
    "namespaces.promote": Case(lambda mp: mp.namespaces.promote("ns_1", **TYPO), "Namespaces.promote"),
    "namespaces.validate_promotion": Case(
        lambda mp: mp.namespaces.validate_promotion("ns_1", **TYPO), "Namespaces.validate_promotion"
    ),
    "namespaces.documents.upsert (keyword)": Case(
        lambda mp: mp.namespaces.documents.upsert("ns_1", [], **TYPO), "NamespaceDocuments.upsert"
    ),
    "namespaces.documents.upsert (options)": Case(
        lambda mp: mp.namespaces.documents.upsert("ns_1", [], options={"write_token": [True]}),
        "NamespaceDocuments.upsert",
    ),
    # buckets ------------------------------------------------------------------------------------------------
    "buckets.create": Case(lambda mp: mp.buckets.create("raw", {}, **TYPO), "Buckets.create"),
    "buckets.list": Case(lambda mp: mp.buckets.list(**TYPO), "Buckets.list"),
    "buckets.paginate": Case(lambda mp: mp.buckets.paginate(**TYPO), "Buckets.paginate"),
    "buckets.update": Case(lambda mp: mp.buckets.update("bkt_1", **TYPO), "Buckets.update"),
    "buckets.upload": Case(
        lambda mp: mp.buckets.upload("bkt_1", blobs=[], key_prefix=["not", "a", "string"]), "Buckets.upload"
    ),
    "buckets.objects.create": Case(
        lambda mp: mp.buckets.objects.create("bkt_1", key_prefix=["not", "a", "string"]),
        "BucketObjects.create",
    ),
    "buckets.objects.list": Case(
        lambda mp: mp.buckets.objects.list("bkt_1", search=["not", "a", "string"]), "BucketObjects.list"
    ),
    "buckets.objects.paginate": Case(
        lambda mp: mp.buckets.objects.paginate("bkt_1", search=["not", "a", "string"]),
        "BucketObjects.paginate",
    ),
    "buckets.objects.update": Case(
        lambda mp: mp.buckets.objects.update("bkt_1", "obj_1", key_prefix=["not", "a", "string"]),
        "BucketObjects.update",
    ),
    "buckets.uploads.create": Case(
        lambda mp: mp.buckets.uploads.create("bkt_1", "a.mp4", "video/mp4", **TYPO), "BucketUploads.create"
    ),
    "buckets.uploads.confirm": Case(
        lambda mp: mp.buckets.uploads.confirm("bkt_1", "upl_1", **TYPO), "BucketUploads.confirm"
    ),
    "buckets.uploads.list": Case(lambda mp: mp.buckets.uploads.list("bkt_1", **TYPO), "BucketUploads.list"),
    "buckets.uploads.paginate": Case(
        lambda mp: mp.buckets.uploads.paginate("bkt_1", **TYPO), "BucketUploads.paginate"
    ),
    # collections --------------------------------------------------------------------------------------------
    "collections.create": Case(
        lambda mp: mp.collections.create("films", {"type": "bucket", "bucket_ids": ["bkt_1"]}, **TYPO),
        "Collections.create",
    ),
    "collections.list": Case(lambda mp: mp.collections.list(**TYPO), "Collections.list"),
    "collections.paginate": Case(lambda mp: mp.collections.paginate(**TYPO), "Collections.paginate"),
    "collections.trigger": Case(lambda mp: mp.collections.trigger("col_1", **TYPO), "Collections.trigger"),
    "collections.clone": Case(
        lambda mp: mp.collections.clone("col_1", collection_name="copy", **TYPO), "Collections.clone"
    ),
    # documents ----------------------------------------------------------------------------------------------
    "documents.create": Case(
        lambda mp: mp.documents.create("col_1", metadata=["not", "an", "object"]), "Documents.create"
    ),
    "documents.list": Case(lambda mp: mp.documents.list("col_1", **TYPO), "Documents.list"),
    "documents.paginate": Case(lambda mp: mp.documents.paginate("col_1", **TYPO), "Documents.paginate"),
    "documents.batch_update": Case(
        lambda mp: mp.documents.batch_update("col_1", updates=[], **TYPO), "Documents.batch_update"
    ),
    "documents.search": Case(
        lambda mp: mp.documents.search(collection_ids=["col_1"], query="cats", **TYPO), "Documents.search"
    ),
    "documents.batch_get": Case(lambda mp: mp.documents.batch_get(["doc_1"], **TYPO), "Documents.batch_get"),
    # retrievers ---------------------------------------------------------------------------------------------
    "retrievers.create": Case(lambda mp: mp.retrievers.create("r", [STAGE], **TYPO), "Retrievers.create"),
    "retrievers.list": Case(lambda mp: mp.retrievers.list(**TYPO), "Retrievers.list"),
    "retrievers.paginate": Case(lambda mp: mp.retrievers.paginate(**TYPO), "Retrievers.paginate"),
    "retrievers.update": Case(
        lambda mp: mp.retrievers.update("ret_1", tags="not-a-list"), "Retrievers.update"
    ),
    "retrievers.clone": Case(
        lambda mp: mp.retrievers.clone("ret_1", retriever_name="copy", **TYPO), "Retrievers.clone"
    ),
    "retrievers.publish": Case(
        lambda mp: mp.retrievers.publish("ret_1", public_name="cats", **TYPO), "Retrievers.publish"
    ),
    "retrievers.execute": Case(
        lambda mp: mp.retrievers.execute("ret_1", {"q": "cats"}, **TYPO), "Retrievers.execute"
    ),
    "retrievers.execute streamed": Case(
        lambda mp: mp.retrievers.execute("ret_1", {"q": "cats"}, stream=True, **TYPO), "Retrievers.execute"
    ),
    # `run` is the same function as `execute` (an alias), so it is named as `execute`
    "retrievers.run": Case(
        lambda mp: mp.retrievers.run("ret_1", {"q": "cats"}, **TYPO), "Retrievers.execute"
    ),
    "retrievers.execute_batch": Case(
        lambda mp: mp.retrievers.execute_batch("ret_1", [{"q": "cats"}], **TYPO), "Retrievers.execute_batch"
    ),
    "retrievers.run_evaluation": Case(
        lambda mp: mp.retrievers.run_evaluation("ret_1", dataset_name="gold", **TYPO),
        "Retrievers.run_evaluation",
    ),
    "retrievers.create_interaction": Case(
        lambda mp: mp.retrievers.create_interaction(feature_id="doc_1", interaction_type=["click"], **TYPO),
        "Retrievers.create_interaction",
    ),
    "retrievers.create_interaction_from_result": Case(
        lambda mp: mp.retrievers.create_interaction_from_result(
            RESULT, position=0, user_id=["not", "a", "str"]
        ),
        "Retrievers.create_interaction_from_result",
    ),
    "retrievers.backfill_interactions": Case(
        lambda mp: mp.retrievers.backfill_interactions([{"feature_id": "doc_1", "retriever_id": "ret_1"}]),
        "Retrievers.backfill_interactions",
    ),
    # evaluations --------------------------------------------------------------------------------------------
    "evaluations.create_dataset": Case(
        lambda mp: mp.evaluations.create_dataset(dataset_name="gold", queries=[], **TYPO),
        "Evaluations.create_dataset",
    ),
    "evaluations.generate_from_interactions": Case(
        lambda mp: mp.evaluations.generate_from_interactions("ret_1", min_interactions=["many"]),
        "Evaluations.generate_from_interactions",
    ),
    "evaluations.run": Case(
        lambda mp: mp.evaluations.run("ret_1", dataset_name="gold", **TYPO), "Evaluations.run"
    ),
    # tasks, taxonomies, webhooks ----------------------------------------------------------------------------
    "tasks.list": Case(lambda mp: mp.tasks.list(**TYPO), "Tasks.list"),
    "tasks.paginate": Case(lambda mp: mp.tasks.paginate(**TYPO), "Tasks.paginate"),
    "taxonomies.create": Case(lambda mp: mp.taxonomies.create("genres", {}, **TYPO), "Taxonomies.create"),
    "taxonomies.list": Case(lambda mp: mp.taxonomies.list(**TYPO), "Taxonomies.list"),
    "taxonomies.paginate": Case(lambda mp: mp.taxonomies.paginate(**TYPO), "Taxonomies.paginate"),
    "taxonomies.update": Case(lambda mp: mp.taxonomies.update("tax_1", **TYPO), "Taxonomies.update"),
    "webhooks.create": Case(lambda mp: mp.webhooks.create("w", ["x"], [], **TYPO), "Webhooks.create"),
    "webhooks.update": Case(lambda mp: mp.webhooks.update("wh_1", "w", ["x"], [], **TYPO), "Webhooks.update"),
    "webhooks.list": Case(lambda mp: mp.webhooks.list(**TYPO), "Webhooks.list"),
    "webhooks.paginate": Case(lambda mp: mp.webhooks.paginate(**TYPO), "Webhooks.paginate"),
    # the client's own methods -------------------------------------------------------------------------------
    "search by text": Case(
        lambda mp: mp.search("cats", collection="col_1", feature_uri="mixpeek://text@v1/embedding", **TYPO),
        "Mixpeek.search",
    ),
    "search by vectors": Case(lambda mp: mp.search(queries=[VECTOR_QUERY], **TYPO), "Mixpeek.search"),
    "index": Case(lambda mp: mp.index("s3://bucket/cat.mp4", **TYPO), "Mixpeek.index"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_refused_request_names_the_method_called(
    case: Case, mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        case.call(mp)  # refused when called (a stream too), not when iterated
    assert recording_server.requests == []
    message = str(caught.value)
    assert message.startswith(f"{case.name}: "), message
    assert message.endswith("nothing was sent")


def _self_naming_methods() -> set[str]:
    """``Class.method`` of every method of `mixpeek.client` that passes itself to a request builder
    (``caller=self.method``): the methods whose refusals name them."""
    found: set[str] = set()
    for path in Path(mixpeek.client.__file__).parent.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                for keyword in (item for item in ast.walk(node) if isinstance(item, ast.keyword)):
                    value = keyword.value
                    if keyword.arg == "caller" and isinstance(value, ast.Attribute):
                        assert isinstance(value.value, ast.Name) and value.value.id == "self", ast.dump(value)
                        found.add(f"{node.name}.{value.attr}")
    return found


def test_every_method_that_names_its_refusals_has_a_case() -> None:
    assert {case.name for case in CASES.values()} == _self_naming_methods()
