"""Taking back from the previous spec what the facts file lost.

What is taken, and where (the "unchanged" rule itself is in `spec_builder.shapes`):

* Properties of *unchanged* object schemas: real nullability (a property that does not admit null in the
  previous spec loses the facts' `null` member; one that does gains it, unless it is already untyped), the
  default value, exclusive bounds, a regex `pattern`, and `format: binary`, each only when the facts do not
  state it already.
* Parameters and upload fields of operations: see `spec_builder.merge_paths`.

Everything else stays as the facts say. This module also holds the helpers both merges share.
"""

from __future__ import annotations

import copy
from typing import Any, List, Optional, Tuple
from typing import Counter as CounterType

from spec_builder.jsontypes import JsonObject
from spec_builder.shapes import (
    NULL_SCHEMA,
    canonical_schema_name,
    is_null_schema,
    is_unchanged,
    is_union_schema,
    ref_name,
    split_nullable,
)

CONSTRAINT_KEYWORDS = ("exclusiveMinimum", "exclusiveMaximum", "pattern")
# Keys that describe a property as a whole and stay next to a nullable union rather than inside it.
OUTER_KEYWORDS = ("default", "deprecated", "description", "examples", "readOnly", "title", "writeOnly")

# Names of the counters in `MergeCounts`.
NULLABILITY_REMOVED = "nullability removed"
NULLABILITY_ADDED = "nullability added"
DEFAULTS = "defaults"
DEFAULTS_REJECTED = "defaults not valid for the new schema (left out)"
EXCLUSIVE_BOUNDS = "exclusive bounds"
PATTERNS = "patterns"
BINARY_FORMATS = "binary formats"
PARAMETER_ENUMS = "parameter enums"
PARAMETER_DEFAULTS = "parameter defaults"
PARAMETER_PATTERNS = "parameter patterns"
PARAMETER_BOUNDS = "parameter exclusive bounds"
UNCHANGED_SCHEMAS = "unchanged schemas"
PROPERTIES_ENRICHED = "properties enriched"
ANY_VALUE_RESTORED = "'or any value' union members restored"

MergeCounts = CounterType[str]  # how many facts of each kind were taken from the previous spec


def core_of(schema: JsonObject) -> JsonObject:
    """The dict holding the type keywords: the single non-null member of a nullable union, else the schema."""
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list):
            rest = [member for member in members if not is_null_schema(member)]
            if len(rest) == 1 and isinstance(rest[0], dict):
                return rest[0]
    return schema


def without_null(schema: JsonObject) -> JsonObject:
    """The same schema with its `null` alternative removed (a one-member union collapses into its member)."""
    core, nullable = split_nullable(schema)
    if not nullable:
        return schema
    outer = {key: value for key, value in schema.items() if key not in ("anyOf", "oneOf", "type")}
    if "type" in schema and not isinstance(schema["type"], list):
        outer["type"] = schema["type"]
    return {**core, **outer}


def with_null(schema: JsonObject) -> JsonObject:
    """The same schema admitting null too: `anyOf: [schema, null]`, whole-property keywords kept outside."""
    outer = {key: schema[key] for key in OUTER_KEYWORDS if key in schema}
    inner = {key: value for key, value in schema.items() if key not in OUTER_KEYWORDS}
    return {"anyOf": [inner, dict(NULL_SCHEMA)], **outer}


def _admits_anything(schema: JsonObject) -> bool:
    """An untyped schema (`{}` plus prose) already admits null."""
    return not any(key not in OUTER_KEYWORDS for key in schema)


def _json_type_matches(value: Any, json_type: str) -> bool:
    checks = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "null": value is None,
    }
    return checks.get(json_type, True)


def default_fits(value: Any, schema: JsonObject, schemas: JsonObject, depth: int = 0) -> bool:
    """Whether a default taken from the previous spec is a valid value of the facts' schema.

    Checks nullability, enums (also behind a `$ref`, e.g. an enum whose values changed), union members and
    JSON types; anything deeper is accepted.
    """
    core, nullable = split_nullable(schema)
    if value is None:
        return nullable or not core
    target = ref_name(core)
    if target is not None:
        referenced = schemas.get(target)
        return (
            depth > 20
            or not isinstance(referenced, dict)
            or default_fits(value, referenced, schemas, depth + 1)
        )
    if isinstance(core.get("enum"), list):
        return value in core["enum"]
    for keyword in ("anyOf", "oneOf"):
        if isinstance(core.get(keyword), list):
            return any(default_fits(value, member, schemas, depth + 1) for member in core[keyword])
    json_type = core.get("type")
    if json_type is None:
        return True
    types = json_type if isinstance(json_type, list) else [json_type]
    return any(_json_type_matches(value, kind) for kind in types)


def constraint_fits(keyword: str, value: Any) -> bool:
    """A pattern must be a string; an exclusive bound a number (the 3.1 form, not 3.0 booleans)."""
    if keyword == "pattern":
        return isinstance(value, str)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def merge_property(
    facts: JsonObject, previous: JsonObject, facts_schemas: Optional[JsonObject] = None
) -> Tuple[JsonObject, List[str]]:
    """One property of an unchanged schema, with what the facts lost taken from the previous spec.

    `facts_schemas` (the facts' component schemas) lets a taken default be checked behind a `$ref`.
    Returns the merged property and the names of the counters it adds to.
    """
    schemas = facts_schemas or {}
    merged = copy.deepcopy(facts)
    taken: List[str] = []
    _, facts_nullable = split_nullable(facts)
    previous_core, previous_nullable = split_nullable(previous)
    if facts_nullable and not previous_nullable:
        merged = without_null(merged)
        taken.append(NULLABILITY_REMOVED)
    elif previous_nullable and not facts_nullable and not _admits_anything(facts):
        merged = with_null(merged)
        taken.append(NULLABILITY_ADDED)
    if "default" in previous and "default" not in merged and "default" not in core_of(merged):
        if default_fits(previous["default"], merged, schemas):
            merged["default"] = copy.deepcopy(previous["default"])
            taken.append(DEFAULTS)
        else:
            taken.append(DEFAULTS_REJECTED)
    target = core_of(merged)
    for keyword in CONSTRAINT_KEYWORDS:
        value = previous_core.get(keyword, previous.get(keyword))
        if value is not None and keyword not in target and constraint_fits(keyword, value):
            target[keyword] = copy.deepcopy(value)
            taken.append(PATTERNS if keyword == "pattern" else EXCLUSIVE_BOUNDS)
    if is_binary(previous_core) and target.get("type") == "string" and "format" not in target:
        target["format"] = "binary"
        taken.append(BINARY_FORMATS)
    return merged, taken


def restore_any_value(prop: JsonObject, previous_prop: JsonObject) -> Optional[JsonObject]:
    """`anyOf [X, any value]` where the facts say `anyOf [X, null]`, else None.

    The facts cannot express an untyped union member and write `null` in its place; the previous spec
    shows what it was (e.g. a filter's value: a dynamic reference or any literal).
    """
    previous_members = previous_prop.get("anyOf")
    members = prop.get("anyOf")
    if not isinstance(previous_members, list) or not isinstance(members, list):
        return None
    if not any(isinstance(member, dict) and _admits_anything(member) for member in previous_members):
        return None
    typed = [member for member in members if not is_null_schema(member)]
    if len(typed) != len(members) - 1 or not all(member in previous_members for member in typed):
        return None
    outer = {key: value for key, value in prop.items() if key != "anyOf"}
    return {"anyOf": [*typed, {}], **outer}


def is_binary(schema: JsonObject) -> bool:
    return schema.get("type") == "string" and schema.get("format") == "binary"


def merge_schemas(facts_schemas: JsonObject, previous_schemas: JsonObject, counts: MergeCounts) -> JsonObject:
    """All component schemas, with unchanged object schemas enriched from the previous spec."""
    previous_by_name = {canonical_schema_name(name): schema for name, schema in previous_schemas.items()}

    def resolve(name: str) -> Any:
        target = facts_schemas.get(name)
        if name not in previous_by_name and isinstance(target, dict) and is_union_schema(target):
            return target
        return name

    merged_schemas: JsonObject = {}
    for name, schema in facts_schemas.items():
        previous = previous_by_name.get(name)
        if previous is not None and not is_unchanged(schema, previous, resolve):
            merged_schemas[name] = _with_any_values_restored(schema, previous, counts)
            continue
        if previous is None:
            merged_schemas[name] = copy.deepcopy(schema)
            continue
        counts[UNCHANGED_SCHEMAS] += 1
        merged = copy.deepcopy(schema)
        for prop_name, prop in schema["properties"].items():
            merged_prop, taken = merge_property(prop, previous["properties"][prop_name], facts_schemas)
            merged["properties"][prop_name] = merged_prop
            counts.update(taken)
            if set(taken) - {DEFAULTS_REJECTED}:
                counts[PROPERTIES_ENRICHED] += 1
        merged_schemas[name] = merged
    return merged_schemas


def _with_any_values_restored(schema: JsonObject, previous: JsonObject, counts: MergeCounts) -> JsonObject:
    """A changed schema with the "or any value" union members the facts lost put back."""
    merged = copy.deepcopy(schema)
    previous_properties = previous.get("properties") or {}
    for prop_name, prop in (schema.get("properties") or {}).items():
        previous_prop = previous_properties.get(prop_name)
        restored = restore_any_value(prop, previous_prop) if isinstance(previous_prop, dict) else None
        if restored is not None:
            merged["properties"][prop_name] = restored
            counts[ANY_VALUE_RESTORED] += 1
    return merged
