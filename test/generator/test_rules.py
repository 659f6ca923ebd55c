"""The generator's rules in isolation: naming, collisions (clear errors), idempotency, --check, locality."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.__main__ import main
from generator.config import config_from_mapping
from generator.errors import GeneratorError
from generator.naming import (
    api_class_name,
    body_parameter_name,
    enum_member_name,
    method_name,
    model_class_name,
    published_module_name,
    safe_identifier,
    snake_case,
)
from generator.operations import is_idempotent
from generator.parse import build_package
from generator.pipeline import generate_files
from test.generator.goldens import GOLDEN_ROOT

CONFIG = config_from_mapping({"packageName": "mixpeek", "packageVersion": "1.0.0"})


def _spec(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def _get(operation_id: str, tag: str) -> dict[str, Any]:
    return {
        "tags": [tag],
        "operationId": operation_id,
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}
        },
    }


@pytest.mark.parametrize(
    ("wire", "attribute"),
    [
        ("field", "var_field"),
        ("AND", "var_and"),
        ("schema", "var_schema"),
        ("property", "var_property"),
        ("base64", "var_base64"),
        ("lambda", "var_lambda"),
        ("_internal", "internal"),
        ("async", "var_async"),
        ("X-Session-ID", "x_session_id"),
        ("model_id", "model_id"),
        ("type", "type"),
    ],
)
def test_attribute_and_parameter_names_follow_the_published_package(wire: str, attribute: str) -> None:
    assert safe_identifier(wire) == attribute


def test_class_module_and_member_names() -> None:
    assert api_class_name("Agent Sessions") == "AgentSessionsApi"
    assert api_class_name("BYO Documents") == "BYODocumentsApi"
    assert snake_case("APIKeyCreateRequest") == "api_key_create_request"
    assert model_class_name("search-result.v2") == "SearchResultV2"
    assert model_class_name("2fa") == "Model2fa"
    assert enum_member_name("dark-blue") == "DARK_BLUE"
    assert enum_member_name("3d") == "VALUE_3D"
    assert enum_member_name(2) == "NUMBER_2"
    assert method_name("list_retrievers__public_retriever_api") == "list_retrievers"
    assert method_name("get_collection") == "get_collection"
    assert body_parameter_name("payload1", "JoinRequest") == "payload1"
    assert body_parameter_name(None, "CreateCollectionRequest") == "create_collection_request"


def test_idempotency_rule() -> None:
    assert is_idempotent("GET", "/v1/x")
    assert is_idempotent("DELETE", "/v1/x/{id}")
    assert is_idempotent("POST", "/v1/alerts/list")
    assert not is_idempotent("POST", "/v1/alerts")
    assert not is_idempotent("PATCH", "/v1/x/{id}")


def test_two_schemas_with_one_class_name_is_an_error_naming_both() -> None:
    spec = _spec({"foo-bar": {"type": "object"}, "FooBar": {"type": "object"}})
    with pytest.raises(GeneratorError, match=r"'foo-bar'.*'FooBar'.*FooBar"):
        build_package(spec, CONFIG, "spec.json")


def test_two_properties_with_one_attribute_is_an_error_naming_both() -> None:
    spec = _spec(
        {"Logic": {"type": "object", "properties": {"AND": {"type": "boolean"}, "and": {"type": "boolean"}}}}
    )
    with pytest.raises(GeneratorError, match=r"'AND' and 'and'.*var_and"):
        build_package(spec, CONFIG, "spec.json")


def test_two_operations_with_one_method_name_in_a_class_is_an_error() -> None:
    paths = {"/a": {"get": _get("fetch__a", "Things")}, "/b": {"get": _get("fetch__b", "Things")}}
    with pytest.raises(GeneratorError, match=r"GET /a and GET /b both have the method name 'fetch'"):
        build_package(_spec({}, paths), CONFIG, "spec.json")


def test_a_published_name_taken_by_a_real_method_is_not_an_alias() -> None:
    taken = _get("list_things_post", "Things") | {"x-published-names": ["list_things", "list_things_0"]}
    paths = {"/things": {"get": _get("list_things", "Things")}, "/things/list": {"post": taken}}
    package = build_package(_spec({}, paths), CONFIG, "spec.json")
    (api,) = package.api_classes
    assert {op.name: op.aliases for op in api.operations} == {
        "list_things": (),
        "list_things_post": ("list_things_0",),
    }
    assert api.skipped_aliases == ("list_things",)


def test_mutually_recursive_schemas_share_one_module() -> None:
    spec = _spec(
        {
            "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "C": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
        }
    )
    package = build_package(spec, CONFIG, "spec.json")
    assert {module.module: module.members for module in package.model_modules} == {
        "a": ("A", "B"),
        "c": ("C",),
    }


def _write_tree(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def test_check_reports_changed_missing_and_extra_files_without_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = GOLDEN_ROOT / "operations"
    arguments = [
        "--root",
        str(tmp_path),
        "--spec",
        str(case / "openapi.json"),
        "--config",
        str(case / "config.yaml"),
    ]
    assert main(arguments) == 0  # writes
    assert main([*arguments, "--check"]) == 0
    (tmp_path / "mixpeek/models/item.py").write_text("# edited\n", encoding="utf-8")
    (tmp_path / "mixpeek/models/item_status.py").unlink()
    (tmp_path / "mixpeek/models/stale.py").write_text("# stale\n", encoding="utf-8")
    capsys.readouterr()
    assert main([*arguments, "--check"]) == 1
    report = capsys.readouterr().out
    assert "differs: mixpeek/models/item.py" in report
    assert "missing: mixpeek/models/item_status.py" in report
    assert "extra:   mixpeek/models/stale.py" in report
    assert (tmp_path / "mixpeek/models/item.py").read_text(encoding="utf-8") == "# edited\n"
    assert main(arguments) == 0  # repairs
    assert not (tmp_path / "mixpeek/models/stale.py").exists()
    assert main([*arguments, "--check"]) == 0


def test_editing_a_schema_changes_only_the_files_it_reaches(tmp_path: Path) -> None:
    case = GOLDEN_ROOT / "models"
    spec = json.loads((case / "openapi.json").read_text(encoding="utf-8"))
    before = generate_files(case / "openapi.json", case / "config.yaml")
    edited = copy.deepcopy(spec)
    condition = edited["components"]["schemas"]["Condition"]
    condition["description"] = "A condition on one field (edited)."
    condition["properties"]["negate"] = {"type": "boolean", "description": "Invert the condition."}
    (tmp_path / "openapi.json").write_text(json.dumps(edited), encoding="utf-8")
    after = generate_files(tmp_path / "openapi.json", case / "config.yaml")
    assert sorted(after) == sorted(before)
    changed = {path for path in after if after[path] != before[path]}
    # its module, its page, the samples of the model round-trip test (the full sample gains the field), and
    # the record shapes (a result reaches Condition) and the request dicts (so does a request)
    assert changed == {
        "mixpeek/models/condition.py",
        "docs/models/Condition.md",
        "test/generated/model_samples.json",
        "mixpeek/records.pyi",
        "mixpeek/params.pyi",
    }
    assert "negate: Optional[bool]" in after["mixpeek/models/condition.py"]


def test_extra_tags_of_the_config_give_classes_unless_the_spec_declares_the_tag() -> None:
    config = config_from_mapping(
        {
            "packageName": "mixpeek",
            "packageVersion": "1.0.0",
            "extraTags": [
                {"name": "Plugins", "description": "Kept."},
                {"name": "Things", "description": "Ignored."},
            ],
        }
    )
    spec = _spec({}, {"/a": {"get": _get("fetch", "Things")}}) | {
        "tags": [{"name": "Things", "description": "From the spec."}]
    }
    package = build_package(spec, config, "spec.json")
    assert {(api.name, api.doc, len(api.operations)) for api in package.api_classes} == {
        ("PluginsApi", "Kept.", 0),
        ("ThingsApi", "From the spec.", 1),
    }


def test_a_schema_named_like_a_name_generated_modules_use_is_an_error() -> None:
    with pytest.raises(GeneratorError, match=r"schema 'Field' would be the class 'Field'"):
        build_package(_spec({"Field": {"type": "object"}}), CONFIG, "spec.json")


def test_a_parameter_that_would_shadow_the_sdk_keywords_is_an_error() -> None:
    operation = _get("search", "Things") | {
        "parameters": [{"name": "Authorization", "in": "header", "schema": {"type": "string"}}]
    }
    with pytest.raises(GeneratorError, match=r"parameter 'Authorization' maps to 'authorization'"):
        build_package(_spec({}, {"/s": {"get": operation}}), CONFIG, "spec.json")


def test_only_constants_with_a_value_to_send_are_counted_as_set() -> None:
    tag = {"enum": ["t"], "type": "string"}
    spec = _spec(
        {
            "Thing": {
                "type": "object",
                "required": ["needed"],
                "properties": {
                    "kind": {**tag, "default": "t"},
                    "needed": tag,
                    "maybe": {"anyOf": [tag, {"type": "null"}]},
                },
            }
        }
    )
    (module,) = build_package(spec, CONFIG, "spec.json").model_modules
    (cls,) = module.classes
    assert cls.constants == ("kind",)


def test_the_media_type_is_the_one_whose_schema_gives_the_types() -> None:
    both = {
        "text/plain": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "integer"}},
    }
    operation = _get("count", "Things") | {
        "requestBody": {"required": True, "content": both},
        "responses": {"200": {"description": "ok", "content": both}},
    }
    package = build_package(_spec({}, {"/count": {"post": operation}}), CONFIG, "spec.json")
    (op,) = package.api_classes[0].operations
    assert (op.content_type, op.response_media, op.return_type.expr) == ("application/json",) * 2 + ("int",)
    assert [p.type.expr for p in op.params] == ["int"]


def test_defaults_are_dropped_for_dates_not_for_values_that_contain_the_word() -> None:
    spec = _spec(
        {
            "Change": {
                "type": "object",
                "properties": {
                    "action": {"enum": ["update"], "type": "string", "default": "update"},
                    "note": {"type": "string", "default": "validated"},
                    "at": {"type": "string", "format": "date-time", "default": "2024-01-01T00:00:00Z"},
                },
            }
        }
    )
    (module,) = build_package(spec, CONFIG, "spec.json").model_modules
    (cls,) = module.classes
    assert [field.plain_default for field in cls.fields] == ["'update'", "'validated'", "None"]
    assert cls.constants == ("action",)


def test_model_post_init_exists_when_a_class_has_constants_or_fallbacks() -> None:
    from generator.ir import FallbackDef, ModelClass
    from generator.render.models import post_init_doc

    plain = ModelClass(name="A", schema_name="A", bases=("MixpeekModel",), doc="", fields=())
    both = replace(plain, constants=("kind",), fallbacks=(FallbackDef("old", "new"),))
    assert post_init_doc(plain) == ""
    assert post_init_doc(replace(plain, constants=("kind",))).startswith("Count constants as set")
    assert post_init_doc(replace(plain, fallbacks=both.fallbacks)).startswith("Fill deprecated fields")
    assert ", and fill deprecated fields" in post_init_doc(both)


def test_no_property_can_shadow_a_public_attribute_of_the_model_base() -> None:
    from generator.naming import RESERVED_ATTRIBUTE_NAMES
    from mixpeek._runtime.model import MixpeekModel

    public = {name for name in dir(MixpeekModel) if not name.startswith("_")}
    assert public - RESERVED_ATTRIBUTE_NAMES == set()
    assert safe_identifier("model_dump") == "var_model_dump"


def test_tags_with_different_keys_sharing_a_class_name_the_config_key_that_separates_them() -> None:
    spec = _spec({}, {"/a": {"get": _get("fetch", "Things")}, "/b": {"get": _get("other", "Stuff")}}) | {
        "tags": [{"name": "Things"}, {"name": "Stuff", "x-mixpeek-api-class": "ThingsApi"}]
    }
    expected = r"tags 'Things' and 'Stuff' both map to the class ThingsApi.*tagClasses"
    with pytest.raises(GeneratorError, match=expected):
        build_package(spec, CONFIG, "spec.json")
    separated = config_from_mapping(
        {"packageName": "mixpeek", "packageVersion": "1.0.0", "tagClasses": {"Stuff": "StuffApi"}}
    )
    package = build_package(spec, separated, "spec.json")
    assert {api.name for api in package.api_classes} == {"ThingsApi", "StuffApi"}


@pytest.mark.parametrize(
    ("class_name", "module"),
    [
        ("EVoCParams", "evo_c_params"),
        ("APIKeyCreate", "api_key_create"),
        ("LogicalOperatorOutputANDInner", "logical_operator_output_and_inner"),
        ("HDBSCANParams", "hdbscan_params"),
        ("S3Config", "s3_config"),
    ],
)
def test_published_module_names_follow_openapi_generators_rule(class_name: str, module: str) -> None:
    assert published_module_name(class_name) == module


def test_classes_away_from_their_published_module_path_get_an_alias_module_there() -> None:
    spec = _spec(
        {
            "Node": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/NodeItem"}}
                },
            },
            "NodeItem": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "string"}]},
            "EVoCParams": {"type": "object", "properties": {"k": {"type": "integer"}}},
            "Tags": {"type": "array", "items": {"type": "string"}},
        }
    )
    package = build_package(spec, CONFIG, "openapi.json")
    aliases = {alias.module: (alias.target, alias.names) for alias in package.module_aliases}
    assert aliases == {
        "evo_c_params": ("e_vo_c_params", ("EVoCParams",)),
        "node_item": ("node", ("NodeItem",)),
    }
    wrappers = {alias.name: alias.wrapper for module in package.model_modules for alias in module.aliases}
    assert wrappers == {"NodeItem": True, "Tags": False}, "only oneOf/anyOf schemas become union classes"


def test_a_published_module_path_that_is_another_module_here_is_an_error() -> None:
    spec = _spec(
        {
            "EVoCParams": {"type": "object", "properties": {"k": {"type": "integer"}}},
            "EvoCParams": {"type": "object", "properties": {"k": {"type": "integer"}}},
        }
    )
    with pytest.raises(GeneratorError, match="evo_c_params"):
        build_package(spec, CONFIG, "openapi.json")
