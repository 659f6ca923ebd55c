"""An argument of the wrong shape (a str where an object or a list is expected, a number for a list) is
refused with `RequestValidationError` naming the method called and the argument, before anything is sent,
instead of the builtin error ``dict()`` or ``list()`` raises (or, for a str given as a list, its characters
sent one by one). Each case runs against the recording server, which must receive nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pytest

from mixpeek.client import Mixpeek
from mixpeek.exceptions import RequestValidationError
from test.support.servers import RecordingServer

VECTOR_QUERY = {"feature_uri": "v", "vector": [0.1, 0.2]}


@dataclass(frozen=True)
class Case:
    call: Callable[[Any], object]  # takes the client untyped, so the wrong shapes reach the runtime
    name: str  # the Class.method the message starts with
    argument: str  # the argument it names


CASES: dict[str, Case] = {
    "execute, inputs a str": Case(
        lambda mp: mp.retrievers.execute("ret_1", inputs="abc"), "Retrievers.execute", "inputs"
    ),
    "execute, inputs a list": Case(
        lambda mp: mp.retrievers.execute("ret_1", inputs=[1, 2]), "Retrievers.execute", "inputs"
    ),
    "execute streamed, inputs a number": Case(
        lambda mp: mp.retrievers.execute("ret_1", inputs=5, stream=True), "Retrievers.execute", "inputs"
    ),
    "execute_batch, a query a str": Case(
        lambda mp: mp.retrievers.execute_batch("ret_1", ["abc"]), "Retrievers.execute_batch", "queries[0]"
    ),
    "execute_batch, queries a str": Case(
        lambda mp: mp.retrievers.execute_batch("ret_1", "abc"), "Retrievers.execute_batch", "queries"
    ),
    "create, stages a dict": Case(
        lambda mp: mp.retrievers.create("r", {"stage_name": "s"}), "Retrievers.create", "stages"
    ),
    "update, stages a number": Case(
        lambda mp: mp.retrievers.update("ret_1", stages=3), "Retrievers.update", "stages"
    ),
    "create_interaction, type a str": Case(
        lambda mp: mp.retrievers.create_interaction(feature_id="d", interaction_type="click"),
        "Retrievers.create_interaction",
        "interaction_type",
    ),
    "create_interaction_from_result, result a list": Case(
        lambda mp: mp.retrievers.create_interaction_from_result([1], position=0),
        "Retrievers.create_interaction_from_result",
        "result",
    ),
    "backfill_interactions, an item a number": Case(
        lambda mp: mp.retrievers.backfill_interactions([7]),
        "Retrievers.backfill_interactions",
        "interactions[0]",
    ),
    "documents.batch_update, an update a str": Case(
        lambda mp: mp.documents.batch_update("col_1", updates=["doc_1"]),
        "Documents.batch_update",
        "updates[0]",
    ),
    "documents.search, collection_ids a str": Case(
        lambda mp: mp.documents.search(collection_ids="col_1", query="cats"),
        "Documents.search",
        "collection_ids",
    ),
    "documents.batch_get, document_ids a str": Case(
        lambda mp: mp.documents.batch_get("doc_1"), "Documents.batch_get", "document_ids"
    ),
    "evaluations.create_dataset, queries a number": Case(
        lambda mp: mp.evaluations.create_dataset(dataset_name="gold", queries=5),
        "Evaluations.create_dataset",
        "queries",
    ),
    "webhooks.create, event_types a str": Case(
        lambda mp: mp.webhooks.create("w", "object.created", []), "Webhooks.create", "event_types"
    ),
    "webhooks.update, channels a number": Case(
        lambda mp: mp.webhooks.update("wh_1", "w", ["object.created"], 1), "Webhooks.update", "channels"
    ),
    "namespaces.documents.upsert, options a str": Case(
        lambda mp: mp.namespaces.documents.upsert("ns_1", [], options="write_token"),
        "NamespaceDocuments.upsert",
        "options",
    ),
    "search, queries a str": Case(lambda mp: mp.search(queries="abc"), "Mixpeek.search", "queries"),
    "search, filters a list": Case(
        lambda mp: mp.search(queries=[VECTOR_QUERY], filters=["a"]), "Mixpeek.search", "filters"
    ),
    "search by text, filters a str": Case(
        lambda mp: mp.search("cats", collection="col_1", feature_uri="f", filters="x"),
        "Mixpeek.search",
        "filters",
    ),
    "index, metadata a list": Case(
        lambda mp: mp.index("s3://bucket/cat.mp4", metadata=["a"]), "Mixpeek.index", "metadata"
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_an_argument_of_the_wrong_shape_is_refused_naming_method_and_argument(
    case: Case, mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        case.call(mp)
    assert recording_server.requests == []
    message = str(caught.value)
    assert message.startswith(f"{case.name}: {case.argument} must be "), message
    assert message.endswith("; nothing was sent")
    assert caught.value.errors[0][0] == (case.argument,)


def test_a_model_is_taken_where_an_object_is_expected(mp: Mixpeek, recording_server: RecordingServer) -> None:
    from mixpeek.models import UpsertOptions

    recording_server.respond(200, {"results": [], "documents": []})
    mp.retrievers.execute("ret_1", inputs=UpsertOptions(write_token=True))
    assert recording_server.requests[0].json()["inputs"] == {"write_token": True}
