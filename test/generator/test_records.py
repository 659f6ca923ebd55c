"""The record shapes (``mixpeek/records.pyi``) as type checkers see them, and their naming rules.

mypy runs on small usage files: every ``assert_type`` must hold, and the one misspelt attribute must be
reported (the test fails when mypy stops seeing it, so the shapes cannot silently decay into ``Any``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator import naming
from generator.config import config_from_mapping
from generator.errors import GeneratorError
from generator.records import always_sent, build_records, is_hit_list, without_null
from generator.spec import SpecIndex
from test.generator.goldens import golden_cases
from test.generator.test_golden import _project_with_golden_output
from test.support.mypy_run import MypyError, run_mypy

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MISSPELT = "# mypy must report this line"

#: Usage of the ``models`` golden case's records: attribute and key access give the schema's types.
GOLDEN_USAGE = f"""
from typing import Any, Dict, List, Optional, Union

from typing_extensions import assert_type

from mixpeek.records import (
    CircleRecord,
    CountsRecord,
    DrawingRecord,
    FilterItemRecord,
    FilterRecord,
    ConditionRecord,
    InventoryRecord,
    Record,
    SquareRecord,
    ThingRecord,
    TreeNodeRecord,
)


def check(inv: InventoryRecord, tree: TreeNodeRecord, drawing: DrawingRecord, counts: CountsRecord) -> None:
    assert_type(inv.kind, str)
    assert_type(inv["kind"], str)
    assert_type(inv.updated, str)
    assert_type(inv["class"], str)
    assert_type(inv["items"], List[ThingRecord])
    assert_type(inv["items"][0].name, str)
    assert_type(inv["items"][0]["lambda"], Optional[float])
    assert_type(inv["content-type"], Optional[str])
    assert_type(inv["__meta"], Optional[str])
    assert_type(inv["str"], Optional[int])
    assert_type(inv.priority, Optional[int])
    assert_type(inv.color, Optional[str])
    assert_type(inv.status, Optional[str])
    assert_type(inv.names, Optional[List[str]])
    assert_type(inv.scores, Optional[Dict[str, float]])
    assert_type(inv.counts, Optional[CountsRecord])
    assert_type(inv.filter, Optional[Union[FilterRecord, ConditionRecord]])
    assert_type(inv.get("str"), Optional[int])
    assert_type(inv.get("kind"), Optional[str])
    assert_type(inv.get("other"), Any)
    assert_type(inv["other"], Any)
    assert_type(list(inv.keys()), List[str])
    assert_type(tree.children[0].children[0].value, str)
    assert_type(tree.parent, Optional[TreeNodeRecord])
    assert_type(drawing.shapes[0], Union[CircleRecord, SquareRecord])
    assert_type(counts.anything, Any)
    plain: Dict[str, Any] = inv
    any_record: Record = counts
    print(plain, any_record, FilterItemRecord)
    print(inv.updatd)  {MISSPELT}
"""

#: Usage of the real records module, as the high-level client's callers write it.
REAL_USAGE = """
from typing import Any, List, Optional

from typing_extensions import assert_type

from mixpeek.records import (
    CollectionResponseRecord,
    ExecuteRetrieverResponseRecord,
    NamespaceModelRecord,
    Record,
    RetrieverHitRecord,
    RetrieverModelOutputRecord,
)


def describe(collection: CollectionResponseRecord, result: ExecuteRetrieverResponseRecord) -> str:
    assert_type(collection.collection_name, str)
    assert_type(collection["collection_name"], str)
    assert_type(collection.collection_id, str)  # a stored resource's identity is always sent
    assert_type(collection["collection_id"], str)
    assert_type(collection.trigger_id, Optional[str])  # another resource's id: as the spec says
    assert_type(collection.get("document_count"), Optional[int])
    assert_type(result.execution_id, str)
    assert_type(result["warnings"], Optional[List[str]])
    assert_type(result.documents, List[RetrieverHitRecord])  # the hits: always sent, typed
    assert_type(result.results, Optional[List[RetrieverHitRecord]])  # the deprecated copy: on request
    for hit in result.documents:
        assert_type(hit.document_id, str)
        assert_type(hit["score"], float)
        assert_type(hit.score, float)
        assert_type(hit.payload, Record)
        assert_type(hit.collection_id, Any)  # any other field of a hit, by attribute
    first = result.documents[0]
    return f"{collection.collection_name}: {first.document_id} {first['score']}"


def ids(namespace: NamespaceModelRecord, retriever: RetrieverModelOutputRecord) -> str:
    assert_type(namespace.namespace_id, str)
    assert_type(retriever.retriever_id, str)
    assert_type(retriever.get("retriever_id"), Optional[str])
    return namespace.namespace_id + retriever.retriever_id
"""


def test_golden_records_give_field_types_and_report_a_misspelt_attribute(tmp_path: Path) -> None:
    case = next(case for case in golden_cases() if case.name == "models")
    _project_with_golden_output(case, tmp_path)
    (tmp_path / "usage.py").write_text(GOLDEN_USAGE, encoding="utf-8")
    misspelt_line = GOLDEN_USAGE.splitlines().index(f"    print(inv.updatd)  {MISSPELT}") + 1
    mypy = run_mypy(["usage.py", "mixpeek/records.pyi"], tmp_path, config_file="mypy.ini")
    assert mypy.returncode == 1, mypy.output
    assert mypy.errors == [
        MypyError(
            "usage.py",
            misspelt_line,
            '"InventoryRecord" has no attribute "updatd"; maybe "updated"?  [attr-defined]',
        )
    ], mypy.output


def _records_only_package(root: Path) -> None:
    """The real records module and the record runtime it names, in a package without the rest of mixpeek
    (whose generated layer would make mypy check a thousand modules first)."""
    for folder in ("mixpeek", "mixpeek/_runtime"):
        (root / folder).mkdir()
        (root / folder / "__init__.py").write_text("", encoding="utf-8")
    runtime = ("_runtime/record.py", "_runtime/jsontext.py", "_runtime/display.py", "_runtime/frames.py")
    for path in ("py.typed", "records.py", "records.pyi", *runtime):
        shutil.copy(PROJECT_ROOT / "mixpeek" / path, root / "mixpeek" / path)


def test_real_records_module_type_checks_a_usage_snippet_strictly(tmp_path: Path) -> None:
    _records_only_package(tmp_path)
    (tmp_path / "usage.py").write_text(REAL_USAGE, encoding="utf-8")
    # the stub is checked too, so that an error inside it fails the test
    mypy = run_mypy(["usage.py", "mixpeek/records.pyi"], tmp_path, sdk="in_folder")
    assert mypy.returncode == 0, mypy.output


def test_real_records_module_names_every_result_shape_it_promises() -> None:
    stub = (PROJECT_ROOT / "mixpeek" / "records.pyi").read_text(encoding="utf-8")
    runtime = (PROJECT_ROOT / "mixpeek" / "records.py").read_text(encoding="utf-8")
    stub_names = set(re.findall(r"^class (\w+Record)\(", stub, re.M)) | set(
        re.findall(r"^(\w+Record) = ", stub, re.M)
    )
    runtime_names = set(re.findall(r"^(\w+Record) = Record$", runtime, re.M))
    assert {"CollectionResponseRecord", "ExecuteRetrieverResponseRecord"} <= stub_names
    assert stub_names == runtime_names


def test_every_record_name_is_record_at_run_time() -> None:
    import mixpeek.records as records
    from mixpeek._runtime.record import Record, loads

    result = loads(b'{"collection_name": "c", "source_lineage": [{"x": 1}]}')
    assert records.CollectionResponseRecord is Record
    assert isinstance(result, records.CollectionResponseRecord)
    assert result.source_lineage[0].x == 1


# naming and selection rules ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("wire", "attribute"),
    [
        ("collection_id", "collection_id"),
        ("_internal", "_internal"),
        ("type", "type"),
        ("class", None),
        ("items", None),
        ("get", None),
        ("content-type", None),
        ("__meta", None),
        ("str", None),
        ("ThingRecord", None),
        ("naïve", None),
    ],
)
def test_record_attribute_rule(wire: str, attribute: str | None) -> None:
    assert naming.record_attribute(wire, frozenset({"ThingRecord"})) == attribute


def test_record_name_is_the_class_name_plus_record() -> None:
    assert naming.record_name(naming.model_class_name("search-result.v2")) == "SearchResultV2Record"


def _spec(schemas: dict[str, object], response: dict[str, object], tag: str = "Things") -> dict[str, object]:
    operation = {
        "tags": [tag],
        "operationId": "get_it",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}},
    }
    return {"paths": {"/it": {"get": operation}}, "components": {"schemas": schemas}}


def _config(**extra: object) -> dict[str, object]:
    return {"packageName": "mixpeek", "packageVersion": "1", **extra}


def test_only_schemas_reachable_from_results_of_the_configured_tags_get_records() -> None:
    schemas = {
        "Out": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
        "Inner": {"type": "object", "properties": {"n": {"type": "integer"}}},
        "Unused": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    index = SpecIndex.build(_spec(schemas, {"$ref": "#/components/schemas/Out"}))
    everything = build_records(index, config_from_mapping(_config()))
    assert [shape.name for shape in everything.shapes] == ["InnerRecord", "OutRecord"]
    other_tag = build_records(
        SpecIndex.build(_spec(schemas, {"$ref": "#/components/schemas/Out"}, tag="Other")),
        config_from_mapping(_config(recordTags=["Other"])),
    )
    assert other_tag.names == ("InnerRecord", "OutRecord")


def test_an_unknown_record_tag_is_an_error() -> None:
    index = SpecIndex.build(_spec({}, {"type": "object"}))
    with pytest.raises(GeneratorError, match="recordTags names tags no operation has: \\['Nope'\\]"):
        build_records(index, config_from_mapping(_config(recordTags=["Nope"])))


def test_a_schema_that_contains_itself_without_an_object_is_an_error() -> None:
    schemas = {
        "Out": {"type": "object", "properties": {"loop": {"$ref": "#/components/schemas/Loop"}}},
        "Loop": {"type": "array", "items": {"$ref": "#/components/schemas/Loop"}},
    }
    index = SpecIndex.build(_spec(schemas, {"$ref": "#/components/schemas/Out"}))
    with pytest.raises(GeneratorError, match="'Loop' contains itself"):
        build_records(index, config_from_mapping(_config()))


def test_always_sent_holds_for_a_resources_identity_and_the_hits_only() -> None:
    nullable_id = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    fields = frozenset({"retriever_id", "retriever_name", "collection_id"})
    assert always_sent("RetrieverModelOutput", "retriever_id", nullable_id, fields)
    assert not always_sent("RetrieverModelOutput", "collection_id", nullable_id, fields)  # another resource
    assert not always_sent("RetrieverModelOutput", "retriever_id", nullable_id, fields - {"retriever_name"})
    assert not always_sent("TaskResponse", "retriever_id", nullable_id, fields)  # not the schema's resource
    hits = {
        "anyOf": [
            {"type": "array", "items": {"type": "object", "additionalProperties": True}},
            {"type": "null"},
        ]
    }
    assert always_sent("ExecuteRetrieverResponse", "documents", hits, frozenset({"documents"}))
    assert not always_sent("ExecuteRetrieverResponse", "results", hits, frozenset({"results"}))
    assert not always_sent("ExecuteRetrieverResponse", "documents", {**hits, "deprecated": True}, frozenset())
    typed_items = {"type": "array", "items": {"$ref": "#/components/schemas/DocumentResponse"}}
    assert not is_hit_list("documents", typed_items)
    assert without_null(nullable_id) == {"type": "string"}
