"""The high-level methods' keyword fields are typed (mixpeek/client/_fields.pyi, generator/client_fields.py).

Two checks: the generator's table agrees with the hand-written client (every entry types a method, and a
method names no request field that its entry does not leave out, which would be a keyword twice); and mypy
--strict, on a user's file, accepts the natural calls (dict literals included) and reports a misspelt
keyword (``execute(rid, input=...)``) and a value of the wrong type.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from generator.client_fields import CLIENT_FIELDS
from mixpeek import Mixpeek, models
from mixpeek.client import stages
from test.support.mypy_run import run_mypy


def annotated_methods() -> dict[str, list[tuple[str, inspect.Signature]]]:
    """``...Fields`` name -> the client methods whose ``**fields`` it types, with their signatures."""
    client = Mixpeek(api_key="sk_test", base_url="http://127.0.0.1:9")
    resources = [
        client,
        client.namespaces,
        client.namespaces.documents,
        client.collections,
        client.documents,
        client.buckets,
        client.buckets.objects,
        client.buckets.uploads,
        client.retrievers,
        client.evaluations,
        client.taxonomies,
        client.tasks,
        client.webhooks,
    ]
    found: dict[str, list[tuple[str, inspect.Signature]]] = {}
    for resource in resources:
        for name, method in inspect.getmembers(type(resource), inspect.isfunction):
            signature = inspect.signature(method)
            for parameter in signature.parameters.values():
                annotation = str(parameter.annotation)
                if parameter.kind is parameter.VAR_KEYWORD and annotation.startswith("Unpack["):
                    fields = annotation[len("Unpack[") : -1]
                    if fields not in ("CallOptions", "TransportOptions"):
                        found.setdefault(fields, []).append((f"{type(resource).__name__}.{name}", signature))
    client.close()
    for name, function in inspect.getmembers(stages, inspect.isfunction):
        if function.__module__ == stages.__name__ and not name.startswith("_"):
            signature = inspect.signature(function)
            for parameter in signature.parameters.values():
                annotation = str(parameter.annotation)
                if parameter.kind is parameter.VAR_KEYWORD and annotation.startswith("Unpack["):
                    found.setdefault(annotation[len("Unpack[") : -1], []).append((name, signature))
    return found


def test_every_table_entry_types_a_method_and_names_what_it_leaves_out() -> None:
    methods = annotated_methods()
    assert set(methods) == {entry.name for entry in CLIENT_FIELDS}
    for entry in CLIENT_FIELDS:
        request_fields = set()
        for schema in entry.schemas:
            model = getattr(models, schema)
            request_fields |= {info.alias or name for name, info in model.model_fields.items()}
        for method, signature in methods[entry.name]:
            named = {name for name in signature.parameters if name != "self"} - {
                "fields",
                "options",
                "parameters",
            }
            overlap = named & request_fields - set(entry.named)
            assert not overlap, f"{method} names {overlap}: add them to its table entry's named keys"


USAGE = """
from mixpeek import Mixpeek, feature_search_stage, text_search, vector_search

mp = Mixpeek(api_key="sk_x", namespace="ns")
retriever = mp.retrievers.create(
    retriever_name="r",
    stages=[{"stage_name": "s", "stage_type": "filter", "config": {"stage_id": "feature_search"}}],
    input_schema={"q": {"type": "text", "required": True}},
    description="d",
    timeout=5,
)
results = mp.retrievers.execute(retriever.retriever_id, inputs={"q": "x"}, limit=5, namespace="other")
for doc in results.documents:
    print(doc.document_id, doc.score + 1.0, doc.payload)
for event in mp.retrievers.execute(retriever.retriever_id, inputs={"q": "x"}, stream=True):
    for hit in event.documents or []:
        print(hit.document_id.upper(), hit.score + 1.0, hit["score"] + 1.0, hit.payload.get("title"))
        print(hit.document_id + 1)  # WRONG: a streamed hit's id is a str
mp.collections.create("c", source={"type": "bucket", "bucket_ids": ["b"]}, description="d")
mp.retrievers.create("r2", [feature_search_stage(vector_search("v8", "{{INPUT.q}}", top_k=3))])
mp.namespaces.create("n", mode="standalone", vector_configs=[{"name": "v8", "dimension": 8}])
mp.buckets.create("b", {"properties": {"title": {"type": "string"}}})
mp.retrievers.execute(retriever.retriever_id, input={"q": "x"})  # WRONG: misspelt keyword
mp.collections.create("c", source={"type": "bucket"}, enabled="yes")  # WRONG: a str for a bool
mp.collections.create("c", source={"type": "bucket", "bukcet_ids": ["b"]})  # WRONG: misspelt nested key
mp.namespaces.create("n", vector_configs=[{"name": "v8", "dimension": "8"}])  # WRONG: a str for an int
feature_search_stage(vector_search("v8", "{{INPUT.q}}", topk=2))  # WRONG: misspelt search field
feature_search_stage(text_search("t", "{{INPUT.q}}", weight=0.5), final_topk=2)  # WRONG: misspelt stage field
VQ = {"input_mode": "vector", "value": [1.0]}
feature_search_stage({"feature_uri": "v8", "query": VQ, "topk": 2})  # WRONG: misspelt key of a search dict
"""


#: How the lines of `USAGE` that mypy must report end.
WRONG_MARKS = (
    "misspelt keyword",
    "a str for a bool",
    "misspelt nested key",
    "a str for an int",
    "a streamed hit's id is a str",
    "misspelt search field",
    "misspelt stage field",
    "misspelt key of a search dict",
)


def test_mypy_accepts_natural_calls_and_reports_a_misspelt_keyword(tmp_path: Path) -> None:
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    checked = run_mypy(["usage.py"], tmp_path)
    reported = sorted({error.line for error in checked.errors})
    wrong = [number for number, line in enumerate(USAGE.splitlines(), 1) if line.endswith(WRONG_MARKS)]
    assert reported == wrong, checked.output
    # mypy names the keyword for a plain method; for an overloaded one (`execute` has a streaming overload)
    # some mypy versions say that no overload matches instead. Either way the call is refused on its line.
    refusals = ('Unexpected keyword argument "input"', 'No overload variant of "execute"')
    assert any(refusal in checked.output for refusal in refusals), checked.output
