"""The request dicts (``mixpeek/params.pyi``) as type checkers see them, and their naming rules.

Methods taking a request model take its dict too, and so do the request models' constructors (a
type-checking ``__init__``) for their fields of a model type.

mypy (and, for the real package, pyright) run on small usage files: a correct dict literal passes, and each
wrong one (a misspelt key, a value of the wrong type, a nested dict of the wrong shape) must be reported,
so the dicts cannot silently decay into ``Dict[str, Any]``. pyright is installed by scripts/pyright.sh
(npm); without npm the pyright half skips, except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import naming
from generator.config import GeneratorConfig, config_from_mapping
from generator.errors import GeneratorError
from generator.parse import build_package
from test.generator.goldens import golden_cases
from test.generator.test_golden import _project_with_golden_output
from test.support.mypy_run import run_mypy
from test.support.pyright import pyright_executable

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WRONG = "# must be reported"

#: Usage of the ``models`` golden case's request dicts through its generated API.
GOLDEN_USAGE = f"""
from typing import List

from mixpeek.api.things_api import ThingsApi
from mixpeek.models.color import Color
from mixpeek.models.inventory import Inventory
from mixpeek.models.thing import Thing
from mixpeek.params import CircleParam, InventoryParam, ShapeParam, ThingParam


def use(api: ThingsApi, circles: List[CircleParam]) -> None:
    thing: ThingParam = {{"id": "t", "name": "n", "color": "3d", "born_on": "2024-01-02", "AND": False}}
    api.create_thing(thing)
    api.create_thing(Thing(id="t1", name="n"))
    api.add_shape({{"kind": "circle", "radius": 1.5}})
    shape: ShapeParam = {{"kind": "square", "side": 2.0}}
    api.add_shape(shape)
    inventory: InventoryParam = {{
        "items": [thing, Thing(id="t2", name="m")],
        "class": "c",
        "kind": "inventory",
        "updated": "2024-01-02T03:04:05Z",
        "content-type": "text/plain",
        "priority": 2,
        "color": Color.RED,
        "counts": {{"a": 1}},
        "filter": {{"AND": [{{"field": "f", "value": 1}}]}},
        "names": ("a", "b"),
    }}
    api.replace_inventory(inventory)
    api.search({{"field": "f"}})
    print(circles, ThingParam(id="t", name="n"))
    api.create_thing({{"id": "t1", "nmae": "n"}})  {WRONG}
    api.create_thing({{"id": "t1", "name": "n", "tags": "abc"}})  {WRONG}
    api.replace_inventory(
        Inventory(items=[{{"id": "t", "name": "n"}}], var_class="c", kind="inventory", updated="2024-01-02")
    )
    Thing(id="t", name="n", color="3d", tags=("a",), born_on="2024-01-02")
    Thing(id="t", name="n", tags="abc")  {WRONG}
    api.add_shape({{"kind": "circle", "side": 1.0}})  {WRONG}
    api.replace_inventory({{**inventory, "priority": 4}})  {WRONG}
    api.replace_inventory({{**inventory, "items": [{{"id": 1, "name": "n"}}]}})  {WRONG}
"""


def _wrong_lines(source: str) -> set[int]:
    return {number for number, line in enumerate(source.splitlines(), 1) if line.endswith(WRONG)}


def test_golden_request_dicts_accept_correct_literals_and_report_each_wrong_one(tmp_path: Path) -> None:
    case = next(case for case in golden_cases() if case.name == "models")
    _project_with_golden_output(case, tmp_path)
    (tmp_path / "usage.py").write_text(GOLDEN_USAGE, encoding="utf-8")
    # the stub is checked too, so that an error inside it fails the test
    checked = run_mypy(["usage.py", "mixpeek/params.pyi"], tmp_path, config_file="mypy.ini")
    assert checked.returncode == 1, checked.output
    assert checked.lines("usage.py") == _wrong_lines(GOLDEN_USAGE), checked.output
    assert "mixpeek/params.pyi" not in checked.output, checked.output


# the real package, under mypy --strict and pyright ------------------------------------------------------
#: Correct uses of the real API's request dicts: no checker may report anything.
REAL_CORRECT = """
from typing import List

from mixpeek.api.collections_api import CollectionsApi
from mixpeek.models import CreateCollectionRequest, SourceConfigInput, SourceType
from mixpeek.params import CreateCollectionRequestParam, FieldPassthroughParam


def create(api: CollectionsApi, bucket_ids: List[str]) -> None:
    api.create_collection(
        {"collection_name": "c", "source": {"type": "bucket", "bucket_ids": bucket_ids}, "features": ["f"]}
    )
    api.create_collection({"collection_name": "c", "source": SourceConfigInput(type=SourceType.BUCKET)})
    request: CreateCollectionRequestParam = {"collection_name": "c", "source": {"type": "collection"}}
    passthrough: List[FieldPassthroughParam] = [{"source_path": "a"}]
    request["source"] = {"type": "bucket", "field_map": {"x": passthrough}}
    api.create_collection(request)
    print(CreateCollectionRequestParam(collection_name="c", source={"type": "bucket"}))
    request["features"] = ("f", "g")
    model = CreateCollectionRequest(collection_name="c", source={"type": "bucket", "bucket_ids": bucket_ids})
    api.create_collection(model)
"""

#: Each file holds one mistake, on its last line; every checker must report that line.
REAL_WRONG = {
    "misspelt_key.py": '{"collection_name": "c", "source": {"type": "bucket"}, "featurs": ["f"]}',
    "wrong_nested_type.py": '{"collection_name": "c", "source": {"type": "bucket", "bucket_ids": [1]}}',
    "wrong_enum_value.py": '{"collection_name": "c", "source": {"type": "bukket"}}',
    "missing_required_key.py": '{"source": {"type": "bucket"}}',
    "str_for_a_list.py": '{"collection_name": "c", "source": {"type": "bucket"}, "features": "f"}',
    "wrong_dict_in_a_model.py": 'mixpeek.CreateCollectionRequest(collection_name="c", source={"type": "x"})',
}


def _real_usage_files(root: Path) -> list[str]:
    (root / "correct.py").write_text(REAL_CORRECT, encoding="utf-8")
    for name, body in REAL_WRONG.items():
        header = "import mixpeek\n\n\ndef create(api: mixpeek.CollectionsApi) -> None:\n"
        source = f"{header}    api.create_collection({body})\n"
        (root / name).write_text(source, encoding="utf-8")
    return ["correct.py", *REAL_WRONG]


def test_the_real_request_dicts_type_check_under_mypy_strict(tmp_path: Path) -> None:
    files = _real_usage_files(tmp_path)
    # the package as installed: its own modules are read, not reported on (the stub is, given by path)
    stub = str(PROJECT_ROOT / "mixpeek" / "params.pyi")
    checked = run_mypy([*files, stub], tmp_path)
    assert checked.returncode == 1, checked.output
    assert checked.files() == set(REAL_WRONG), checked.output
    for name in REAL_WRONG:
        assert checked.lines(name) == {5}, checked.output


def test_the_real_request_dicts_type_check_under_pyright(tmp_path: Path) -> None:
    executable = pyright_executable()
    files = _real_usage_files(tmp_path)
    config = {"extraPaths": [str(PROJECT_ROOT)], "typeCheckingMode": "strict", "pythonVersion": "3.9"}
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    stub = str(PROJECT_ROOT / "mixpeek" / "params.pyi")
    result = subprocess.run(
        [
            str(executable),
            "-p",
            "pyrightconfig.json",
            "--pythonpath",
            sys.executable,
            "--outputjson",
            *files,
            stub,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(result.stdout)
    errors = [
        (Path(item["file"]).name, item["range"]["start"]["line"] + 1)
        for item in report["generalDiagnostics"]
        if item["severity"] == "error"
    ]
    assert sorted(errors) == sorted((name, 5) for name in REAL_WRONG), result.stdout[-5000:]


# the runtime module and the stub name the same things --------------------------------------------------
def test_every_request_dict_is_dict_at_run_time_and_named_in_the_stub() -> None:
    import mixpeek.params as params

    stub = (PROJECT_ROOT / "mixpeek" / "params.pyi").read_text(encoding="utf-8")
    stub_names = set(re.findall(r"^class (\w+Param)\(TypedDict", stub, re.M))
    stub_names |= set(re.findall(r"^(\w+Param) = ", stub, re.M))
    runtime_names = {name for name in vars(params) if name.endswith(naming.PARAM_SUFFIX)}
    assert {"CreateCollectionRequestParam", "SourceConfigInputParam"} <= stub_names
    assert stub_names == runtime_names
    assert all(getattr(params, name) is dict for name in runtime_names)
    assert params.CreateCollectionRequestParam(collection_name="c") == {"collection_name": "c"}


# naming and selection rules ------------------------------------------------------------------------------
def _config() -> GeneratorConfig:
    return config_from_mapping({"packageName": "mixpeek", "packageVersion": "1"})


def _spec(schemas: dict[str, object], body: dict[str, object]) -> dict[str, object]:
    operation = {
        "tags": ["Things"],
        "operationId": "put_it",
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {"204": {"description": "done"}},
    }
    return {"paths": {"/it": {"post": operation}}, "components": {"schemas": schemas}}


def test_only_request_side_schemas_get_dicts_and_a_map_schema_is_a_map() -> None:
    schemas = {
        "In": {
            "type": "object",
            "properties": {"tags": {"$ref": "#/components/schemas/Tags"}, "n": {"type": "integer"}},
            "required": ["n"],
        },
        "Tags": {"type": "object", "additionalProperties": {"type": "string"}},
        "Out": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    package = build_package(_spec(schemas, {"$ref": "#/components/schemas/In"}), _config(), "spec.json")
    assert package.params is not None
    assert package.params.names == ("InParam", "TagsParam")
    (in_param,) = package.params.dicts
    assert [(f.key, f.type) for f in in_param.fields] == [
        ("tags", "Union[Tags, TagsParam]"),
        ("n", "Required[int]"),
    ]
    assert [(a.name, a.type) for a in package.params.aliases] == [("TagsParam", "Mapping[str, str]")]


def test_a_param_name_that_is_a_model_class_is_an_error_not_renumbered() -> None:
    schemas = {
        "Thing": {"type": "object", "properties": {"p": {"$ref": "#/components/schemas/ThingParam"}}},
        "ThingParam": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    with pytest.raises(
        GeneratorError, match="'ThingParam' .*schema 'Thing'.* is the class of schema 'ThingParam'"
    ):
        build_package(_spec(schemas, {"$ref": "#/components/schemas/Thing"}), _config(), "spec.json")


@pytest.mark.parametrize(
    ("wire", "attribute"),
    [
        ("collection_id", True),
        ("AND", True),
        ("class", False),
        ("content-type", False),
        ("__meta", False),
        ("str", False),
        ("Thing", False),
    ],
)
def test_param_key_attribute_rule(wire: str, attribute: bool) -> None:
    assert naming.param_key_is_attribute(wire, frozenset({"Thing"})) is attribute


def test_param_name_is_the_class_name_plus_param() -> None:
    assert naming.param_name(naming.model_class_name("search-request.v2")) == "SearchRequestV2Param"
