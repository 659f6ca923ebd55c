"""Comparing schemas across spec versions: nullability, type shapes and the "unchanged" rule.

The rule that decides whether a schema is the same in the facts and in the previous spec:

    An object schema is *unchanged* when the previous spec has a schema with the same name (after
    `canonical_schema_name`), both declare exactly the same property names and the same required names,
    and every property has the same *shape* in both.

A property's shape is its type with everything that the facts file is known to lose or that is only prose
stripped away: nullability (a `null` member of `anyOf`/`oneOf` or of a `type` list), titles, descriptions,
examples, defaults, bounds, patterns and formats. What is kept: `$ref` targets (renamed to the facts'
names), JSON types, `enum` values (a `const` counts as a one-value enum), array items, map values, nested
properties, and union members in order.
A `$ref` in the facts to a union schema that the previous spec does not
have by name (an inline union the facts file named, e.g. `Config1`) is compared as the union itself.
Only unchanged schemas receive facts from the previous spec.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Optional, Tuple, Union

from spec_builder.jsontypes import JsonObject

RefResolver = Callable[[str], Union[str, JsonObject]]

SCHEMA_REF_PREFIX = "#/components/schemas/"
NULL_SCHEMA: JsonObject = {"type": "null"}


def canonical_schema_name(name: str) -> str:
    """The facts' spelling of a previous-spec schema name: `SourceConfig-Input` -> `SourceConfigInput`.

    The facts file names schemas after the published package's classes: every run of characters other than
    letters and digits is a word break, and each word starts with a capital letter.
    """
    words = (word for word in re.split(r"[^0-9A-Za-z]+", name) if word)
    return "".join(word[:1].upper() + word[1:] for word in words)


def ref_name(schema: JsonObject) -> Optional[str]:
    """The schema name a `{"$ref": "#/components/schemas/X"}` points to, or None."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_REF_PREFIX):
        return ref[len(SCHEMA_REF_PREFIX) :]
    return None


def is_null_schema(schema: Any) -> bool:
    """True for the `{"type": "null"}` member of a nullable union (extra prose keys allowed)."""
    return isinstance(schema, dict) and schema.get("type") == "null"


def split_nullable(schema: JsonObject) -> Tuple[JsonObject, bool]:
    """Split a schema into (its non-null core, whether it admits null).

    `anyOf: [X, null]` gives `(X, True)`; a union of several non-null members keeps them as one union core;
    `type: ["string", "null"]` gives `({"type": "string", ...}, True)`. Keys next to the union (such as a
    default) are not part of the core.
    """
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and any(is_null_schema(member) for member in members):
            rest = [member for member in members if not is_null_schema(member)]
            core: JsonObject = rest[0] if len(rest) == 1 else {keyword: rest}
            return core, True
    types = schema.get("type")
    if isinstance(types, list) and "null" in types:
        remaining = [kind for kind in types if kind != "null"]
        core = dict(schema)
        core["type"] = remaining[0] if len(remaining) == 1 else remaining
        return core, True
    return schema, False


def shape(schema: Any, resolve: RefResolver) -> Any:
    """The comparable type shape of a schema (see the module docstring).

    `resolve` maps a `$ref` target to either the name to compare (a string) or a schema to compare in its
    place (used for unions the facts file turned into named schemas, such as `Config1`).
    """
    if not isinstance(schema, dict):
        return schema
    core, _ = split_nullable(schema)
    target = ref_name(core)
    if target is not None:
        resolved = resolve(target)
        return {"$ref": resolved} if isinstance(resolved, str) else shape(resolved, resolve)
    all_of = core.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1:
        return shape(all_of[0], resolve)
    for keyword in ("anyOf", "oneOf", "allOf"):
        members = core.get(keyword)
        if isinstance(members, list):
            return {keyword: [shape(member, resolve) for member in members]}
    result: JsonObject = {}
    if "type" in core:
        result["type"] = core["type"]
    values = [core["const"]] if "const" in core else core.get("enum")
    if isinstance(values, list):
        result["enum"] = sorted(json.dumps(value, sort_keys=True) for value in values)
    if "items" in core:
        result["items"] = shape(core["items"], resolve)
    if isinstance(core.get("additionalProperties"), dict):
        result["additionalProperties"] = shape(core["additionalProperties"], resolve)
    if isinstance(core.get("properties"), dict):
        result["properties"] = {key: shape(value, resolve) for key, value in core["properties"].items()}
    return result


def is_union_schema(schema: JsonObject) -> bool:
    """A named schema that is only a union of members (how the facts file names inline unions)."""
    return ("anyOf" in schema or "oneOf" in schema) and "properties" not in schema


def is_unchanged(
    facts_schema: JsonObject,
    previous_schema: JsonObject,
    facts_resolve: RefResolver,
) -> bool:
    """Apply the module's "unchanged" rule to one pair of object schemas.

    `facts_resolve` resolves `$ref` targets of the facts side (see `shape`); previous-spec targets are
    compared by their canonical names.
    """
    new_properties = facts_schema.get("properties")
    old_properties = previous_schema.get("properties")
    if not isinstance(new_properties, dict) or not isinstance(old_properties, dict):
        return False
    if set(new_properties) != set(old_properties):
        return False
    if set(facts_schema.get("required", [])) != set(previous_schema.get("required", [])):
        return False
    return all(
        shape(new_properties[name], facts_resolve) == shape(old_properties[name], canonical_schema_name)
        for name in new_properties
    )
