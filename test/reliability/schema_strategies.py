"""Hypothesis strategies for the JSON schemas pydantic writes for the SDK's models, and ways to break them.

`valid_json(schema)` draws JSON values that match a schema from `TypeAdapter(T).json_schema()` (the keywords
pydantic emits: `$ref`/`$defs`, `anyOf`/`oneOf`/`allOf`, `enum`/`const`, `type` with string, number and
array bounds, `properties`/`required`/`additionalProperties`, the date and time formats). Recursive
schemas are cut at a fixed depth by taking the smallest valid branch. hypothesis-jsonschema is not used:
version 0.23.1 fails on every object schema with the Hypothesis in this project (`'many' object has no
attribute 'more'`), and it refuses recursive references, which nine response models have.

`broken_variants(value, schema)` derives bodies that do not match: unknown fields, unknown enum values,
missing required fields, wrong types, a wrong top-level type (all still JSON), and truncated, non-JSON and
empty bodies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Optional

from hypothesis import strategies as st

Schema = Mapping[str, Any]
MAX_DEPTH = 4  # nesting beyond this takes the smallest branch (recursive models would never end)
MAX_ITEMS = 2

_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=8))
_ANY_JSON = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=4,
)
_FORMATS = {
    "date-time": st.just("2024-01-02T03:04:05Z") | st.just("2025-12-31T23:59:59.123456+02:00"),
    "date": st.just("2024-01-02"),
    "time": st.just("03:04:05"),
    "duration": st.just("P1DT2H"),
    "uuid": st.uuids().map(str),
    "email": st.just("someone@example.com"),
    "uri": st.just("https://example.com/a"),
}


class SchemaStrategies:
    """Builds strategies for one schema document (its `$defs` resolve `#/$defs/...` references)."""

    def __init__(self, document: Schema) -> None:
        self.defs: Mapping[str, Schema] = document.get("$defs", {})

    def resolve(self, schema: Schema) -> Schema:
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return self.defs[ref.rsplit("/", 1)[-1]]
        return schema

    def valid(self, schema: Schema, depth: int = 0) -> st.SearchStrategy[Any]:
        """Values matching `schema`."""
        schema = self.resolve(schema)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(list(schema["enum"]))
        for key in ("anyOf", "oneOf"):
            if key in schema:
                branches = list(schema[key])
                if depth >= MAX_DEPTH:
                    return self.valid(min(branches, key=self._weight), depth + 1)
                return st.one_of([self.valid(branch, depth + 1) for branch in branches])
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                merged.update(self.resolve(part))
            return self.valid(merged, depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            return st.one_of([self.valid({**schema, "type": one}, depth) for one in kind])
        builder = {
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
            "boolean": lambda s, d: st.booleans(),
            "null": lambda s, d: st.none(),
            "array": self._array,
            "object": self._object,
        }.get(kind or ("object" if "properties" in schema else ""))
        if builder is None:
            return _ANY_JSON if depth < MAX_DEPTH else _LEAVES
        return builder(schema, depth)

    def _weight(self, schema: Schema) -> int:
        """How much a branch would nest: null and scalars first, references last."""
        schema = schema if "$ref" not in schema else {"type": "object", "ref": True}
        if schema.get("type") == "null":
            return 0
        if schema.get("type") in ("string", "integer", "number", "boolean") or "enum" in schema:
            return 1
        return 3 if schema.get("ref") else 2

    def _string(self, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        if schema.get("format") in _FORMATS:
            return _FORMATS[schema["format"]]
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", low + 12))
        pattern = schema.get("pattern")
        if isinstance(pattern, str):  # a pattern sets its own length: only a declared maxLength bounds it
            top = int(schema["maxLength"]) if "maxLength" in schema else None
            return st.from_regex(pattern, fullmatch=True).filter(
                lambda text: low <= len(text) and (top is None or len(text) <= top)
            )
        return st.text(st.characters(codec="utf-8"), min_size=low, max_size=min(high, low + 12))

    def _integer(self, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        low, high = _bounds(schema, integer=True)
        return st.integers(
            int(low) if low is not None else -(10**6), int(high) if high is not None else 10**6
        )

    def _number(self, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        low, high = _bounds(schema, integer=False)
        return st.floats(low, high, allow_nan=False, allow_infinity=False)

    def _array(self, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        items = schema.get("items", {})
        low = int(schema.get("minItems", 0))
        high = low if depth >= MAX_DEPTH else max(low, min(int(schema.get("maxItems", MAX_ITEMS)), MAX_ITEMS))
        return st.lists(self.valid(items, depth + 1), min_size=low, max_size=high)

    def _object(self, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        properties: Mapping[str, Schema] = schema.get("properties", {})
        required = set(schema.get("required", ()))
        if not properties:
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and depth < MAX_DEPTH:
                return st.dictionaries(st.text(max_size=6), self.valid(extra, depth + 1), max_size=MAX_ITEMS)
            if depth >= MAX_DEPTH:
                return st.just({})
            return st.dictionaries(st.text(max_size=6), _LEAVES, max_size=2)
        needed = {name: self.valid(sub, depth + 1) for name, sub in properties.items() if name in required}
        optional = {} if depth >= MAX_DEPTH else {
            name: self.valid(sub, depth + 1) for name, sub in properties.items() if name not in required
        }  # fmt: skip
        return st.fixed_dictionaries(needed, optional=optional)

    def enum_properties(self, schema: Schema) -> list[str]:
        """Top-level properties of an object schema whose values come from an enum."""
        properties = self.resolve(schema).get("properties", {})
        return [name for name, sub in properties.items() if self._has_enum(sub)]

    def _has_enum(self, schema: Schema) -> bool:
        schema = self.resolve(schema)
        if "enum" in schema:
            return True
        return any(self._has_enum(branch) for branch in [*schema.get("anyOf", []), *schema.get("oneOf", [])])

    def required_properties(self, schema: Schema) -> list[str]:
        return list(self.resolve(schema).get("required", ()))


def _bounds(schema: Schema, *, integer: bool) -> tuple[Optional[float], Optional[float]]:
    step = 1 if integer else 1e-6
    low = schema.get("minimum")
    high = schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + step
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - step
    return low, high


def _truncated(text: str) -> str:
    """The first half of a JSON text, made sure not to be JSON itself ("12345" -> "12" would be)."""
    half = text[: max(1, len(text) // 2)]
    try:
        json.loads(half)
    except ValueError:
        return half
    return "[" + half


def _other_type(value: Any) -> Any:
    """A JSON value of another type than `value`."""
    if isinstance(value, bool) or value is None:
        return {"unexpected": "object"}
    if isinstance(value, (int, float)):
        return "not a number"
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return "not a list"
    return ["not", "an", "object"]


#: Variants whose body is still valid JSON (the lenient path) and those that are not JSON at all.
JSON_VARIANTS = (
    "valid",
    "unknown fields",
    "unknown enum values",
    "missing required",
    "wrong types",
    "top level",
)
BROKEN_VARIANTS = ("truncated", "not JSON", "empty")


def broken_variants(value: Any, schema: Schema, strategies: SchemaStrategies) -> dict[str, bytes]:
    """The body variants of one valid `value` (each applicable variant once), as bytes on the wire."""
    text = json.dumps(value)
    variants = {"valid": text.encode()}
    if isinstance(value, dict):
        unknown = {**value, "x_future_field": {"nested": [1, None, "b"]}}
        variants["unknown fields"] = json.dumps(unknown).encode()
        enums = strategies.enum_properties(schema)
        if enums:
            variants["unknown enum values"] = json.dumps(
                {**value, **{name: "value_from_the_future" for name in enums}}
            ).encode()
        required = strategies.required_properties(schema)
        if required:
            variants["missing required"] = json.dumps(
                {k: v for k, v in value.items() if k not in required}
            ).encode()
        if value:
            variants["wrong types"] = json.dumps({k: _other_type(v) for k, v in value.items()}).encode()
    variants["top level"] = json.dumps(_other_type(value)).encode()
    variants["truncated"] = _truncated(text).encode()
    variants["not JSON"] = b"<html><body>Service temporarily unavailable</body></html>"
    variants["empty"] = b""
    return variants
