"""Taking back what the facts lost on operations present in both specs (same method and path).

* Parameters, matched by name and location and only when the JSON type agrees: an inline `enum` of strings,
  the default (if the facts' schema accepts it), a `pattern` and exclusive bounds.
* Multipart form fields: a field with the same name that is a string in both, and a binary upload in the
  previous spec, becomes `format: binary` (compared field by field, because upload forms often gain new
  text fields next to an unchanged file field).
"""

from __future__ import annotations

import copy
from typing import Dict, List, Optional, Tuple

from spec_builder.jsontypes import JsonObject
from spec_builder.merge import (
    BINARY_FORMATS,
    CONSTRAINT_KEYWORDS,
    DEFAULTS_REJECTED,
    PARAMETER_BOUNDS,
    PARAMETER_DEFAULTS,
    PARAMETER_ENUMS,
    PARAMETER_PATTERNS,
    MergeCounts,
    constraint_fits,
    core_of,
    default_fits,
    is_binary,
)
from spec_builder.paths import CREDENTIAL_HEADERS, HTTP_METHODS
from spec_builder.shapes import ref_name, split_nullable

MULTIPART = "multipart/form-data"


def merge_parameter(
    facts: JsonObject, previous: JsonObject, facts_schemas: Optional[JsonObject] = None
) -> Tuple[JsonObject, List[str]]:
    """One parameter with the enum, default, pattern and exclusive bounds the facts lost.

    `facts_schemas` (the facts' component schemas) lets a taken default be checked behind a `$ref`.
    """
    merged = copy.deepcopy(facts)
    schema = merged.get("schema")
    previous_schema = previous.get("schema")
    if not isinstance(schema, dict) or not isinstance(previous_schema, dict):
        return merged, []
    target = core_of(schema)
    previous_core, _ = split_nullable(previous_schema)
    if previous_core.get("type") != target.get("type"):
        return merged, []
    taken: List[str] = []
    enum = previous_core.get("enum")
    if isinstance(enum, list) and "enum" not in target and all(isinstance(item, str) for item in enum):
        target["enum"] = list(enum)
        taken.append(PARAMETER_ENUMS)
    default = previous_schema.get("default", previous_core.get("default"))
    if default is not None and "default" not in schema and "default" not in target:
        if default_fits(default, schema, facts_schemas or {}):
            schema["default"] = copy.deepcopy(default)
            taken.append(PARAMETER_DEFAULTS)
        else:
            taken.append(DEFAULTS_REJECTED)
    for keyword in CONSTRAINT_KEYWORDS:
        value = previous_core.get(keyword)
        if value is not None and keyword not in target and constraint_fits(keyword, value):
            target[keyword] = copy.deepcopy(value)
            taken.append(PARAMETER_PATTERNS if keyword == "pattern" else PARAMETER_BOUNDS)
    return merged, taken


def merge_operation(
    facts_op: JsonObject,
    previous_op: JsonObject,
    previous_schemas: JsonObject,
    counts: MergeCounts,
    facts_schemas: Optional[JsonObject] = None,
) -> JsonObject:
    """One operation present in both specs: parameters and multipart upload fields enriched.

    When the operation has the same parameters as before (auth headers aside), they keep the previous
    spec's order: the published SDK's positional parameters follow it, so calls written against it keep
    binding each value to the same parameter. An operation whose parameters changed keeps the facts' order.
    """
    merged = copy.deepcopy(facts_op)
    previous_params: Dict[Tuple[str, str], JsonObject] = {}
    for param in previous_op.get("parameters", []):
        previous_params.setdefault((param.get("in", ""), param.get("name", "")), param)
    previous_order = {key: index for index, key in enumerate(previous_params)}
    new_params = []
    for param in merged.get("parameters", []):
        match = previous_params.get((param["in"], param["name"]))
        if match is not None:
            param, taken = merge_parameter(param, match, facts_schemas)
            counts.update(taken)
        new_params.append(param)
    keys = {(param["in"], param["name"]) for param in new_params}
    if keys == {key for key in previous_order if key[1].lower() not in CREDENTIAL_HEADERS}:
        new_params.sort(key=lambda param: previous_order[(param["in"], param["name"])])
    if new_params:
        merged["parameters"] = new_params
    _mark_binary_fields(merged, previous_op, previous_schemas, counts)
    return merged


def _multipart_schema(operation: JsonObject) -> Optional[JsonObject]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get(MULTIPART, {}).get("schema")
    return schema if isinstance(schema, dict) else None


def _mark_binary_fields(
    operation: JsonObject, previous_op: JsonObject, previous_schemas: JsonObject, counts: MergeCounts
) -> None:
    form = _multipart_schema(operation)
    previous_form = _multipart_schema(previous_op)
    if form is None or previous_form is None:
        return
    target_name = ref_name(previous_form)
    if target_name is not None:
        previous_form = previous_schemas.get(target_name, {})
    previous_fields = previous_form.get("properties", {}) if isinstance(previous_form, dict) else {}
    for field_name, field in form.get("properties", {}).items():
        previous_field = previous_fields.get(field_name)
        if not isinstance(previous_field, dict) or not isinstance(field, dict):
            continue
        target = core_of(field)
        was_upload = is_binary(split_nullable(previous_field)[0])
        if was_upload and target.get("type") == "string" and target.get("format") != "binary":
            target["format"] = "binary"
            counts[BINARY_FORMATS] += 1


def merge_paths(
    facts_paths: JsonObject,
    previous: JsonObject,
    counts: MergeCounts,
    facts_schemas: Optional[JsonObject] = None,
) -> JsonObject:
    """All path items; operations that exist in the previous spec too are enriched from it."""
    previous_paths = previous.get("paths", {})
    previous_schemas = previous.get("components", {}).get("schemas", {})
    merged_paths: JsonObject = {}
    for path, item in facts_paths.items():
        merged_item = copy.deepcopy(item)
        for method in HTTP_METHODS:
            operation = item.get(method)
            previous_op = previous_paths.get(path, {}).get(method)
            if isinstance(operation, dict) and isinstance(previous_op, dict):
                merged_item[method] = merge_operation(
                    operation, previous_op, previous_schemas, counts, facts_schemas
                )
        merged_paths[path] = merged_item
    return merged_paths
