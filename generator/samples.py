"""Sample values synthesised from schemas, for the generated tests.

A sample is the smallest valid value: objects carry their required properties (and discriminator values),
arrays one item when an item can be built, strings respect length bounds and simple regex patterns
(trying the schema's own examples last), numbers their bounds. A required property that could only be
built by recursing into a schema already being built falls back to ``null`` (when nullable) or an empty
array; when even that fails the schema has no sample, which is an error for the schemas the tests need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Optional

from generator.errors import GeneratorError
from generator.ir import ModelModule, ModelSample, UnionSample
from generator.spec import Schema, SpecIndex, non_null_variants, ref_name, schema_types

DATETIME_SAMPLE = "2024-01-02T03:04:05Z"
_STRING_CANDIDATES = ("sample", "abc123", "a1", "1.2.3", "0" * 64, "arn:aws:iam::123456789012:role/sample")


class NoSample(Exception):
    """The schema cannot be sampled without infinite recursion."""


def _string_sample(schema: Schema) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        return DATETIME_SAMPLE
    if fmt == "date":
        return "2024-01-02"
    lo = int(schema.get("minLength") or 0)
    hi = schema.get("maxLength")
    pattern = schema.get("pattern")
    candidates = list(_STRING_CANDIDATES)
    if isinstance(pattern, str):
        literal_prefix = re.match(r"\^?([A-Za-z0-9_:-]*)", pattern)
        prefix = literal_prefix.group(1) if literal_prefix else ""
        first_choice = re.match(r"\^?\(([^|()]+)[|)]", pattern)
        if first_choice:
            candidates.insert(0, re.sub(r"\\d[+*]?", "1", first_choice.group(1)))
        candidates[:0] = [prefix + "abc123", prefix + "0123456789abcdef", prefix + "abc", prefix]
        candidates.append(prefix + "1")
    if isinstance(schema.get("default"), str):
        candidates.insert(0, schema["default"])
    candidates += _spec_examples(schema)  # last: the spec's own examples do not always match its pattern
    for candidate in candidates:
        value = candidate + "x" * max(0, lo - len(candidate))
        if isinstance(hi, int) and len(value) > hi:
            value = value[:hi]
        if len(value) >= lo and (not isinstance(pattern, str) or re.search(pattern, value)):
            return value
    raise NoSample(f"no sample string satisfies {dict(schema)!r}")


def _spec_examples(schema: Schema) -> list[str]:
    """The string examples a schema gives (``examples`` list, ``example`` value)."""
    found = list(schema.get("examples") or []) + [schema.get("example")]
    return [value for value in found if isinstance(value, str)]


def _number_sample(schema: Schema, integer: bool) -> Any:
    lo = schema.get("minimum")
    hi = schema.get("maximum")
    if isinstance(schema.get("exclusiveMinimum"), (int, float)):
        lo = schema["exclusiveMinimum"] + (1 if integer else 0.5)
    if isinstance(schema.get("exclusiveMaximum"), (int, float)):
        hi = schema["exclusiveMaximum"] - (1 if integer else 0.5)
    value: Any = 1 if integer else 1.5
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple:
        value = multiple * max(1, round(value / multiple))
    return int(value) if integer else float(value)


class Sampler:
    """Builds JSON samples for schemas of one spec."""

    def __init__(
        self,
        index: SpecIndex,
        literal_overrides: Mapping[tuple[str, str], list[str]],
        always_sent: Mapping[str, frozenset[str]] = {},  # noqa: B006 (read only)
    ) -> None:
        self.index = index
        self.literal_overrides = literal_overrides
        #: class name -> fields the models require beyond the schema (`ModelBuilder.always_sent_fields`)
        self.always_sent = always_sent

    def sample(self, schema: Schema, stack: tuple[str, ...] = ()) -> Any:
        """A valid JSON value for ``schema`` (raises :class:`NoSample` on unavoidable recursion)."""
        if "$ref" in schema:
            name = ref_name(schema["$ref"])
            if name in stack:
                raise NoSample(name)
            return self.sample_named(name, stack + (name,))
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return next(value for value in schema["enum"] if value is not None)
        if "allOf" in schema:
            return self._object(schema, stack, None)
        if "anyOf" in schema or "oneOf" in schema:
            return self._union(schema, stack)
        types, _ = schema_types(schema)
        kind = (
            types[0]
            if types
            else ("object" if "properties" in schema else "array" if "items" in schema else "")
        )
        if kind == "string":
            return _string_sample(schema)
        if kind in ("integer", "number"):
            return _number_sample(schema, kind == "integer")
        if kind == "boolean":
            return True
        if kind == "array":
            return self._array(schema, stack)
        if kind == "object":
            return self._object(schema, stack, None)
        if kind == "null":
            return None
        return "value"

    def sample_named(self, name: str, stack: tuple[str, ...], *, full: bool = False) -> Any:
        """The sample of a component schema; ``full`` adds every optional property that can be sampled
        (with minimal values), which exercises the type of every field."""
        schema = self.index.schema(name)
        if "properties" in schema or "allOf" in schema:
            return self._object(schema, stack, self.index.class_names[name], full=full)
        return self.sample({k: v for k, v in schema.items() if k != "$ref"}, stack)

    def _union(self, schema: Schema, stack: tuple[str, ...]) -> Any:
        variants, nullable = non_null_variants(schema)
        for variant in variants:
            try:
                return self.sample(variant, stack)
            except NoSample:
                continue
        if nullable:
            return None
        raise NoSample("union")

    def _array(self, schema: Schema, stack: tuple[str, ...]) -> Any:
        items = schema.get("items") or {}
        count = max(1, int(schema.get("minItems") or 0))
        try:
            item = self.sample(items, stack) if items else "value"
        except NoSample:
            if int(schema.get("minItems") or 0) > 0:
                raise
            return []
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        return [item] * count

    def _properties(self, schema: Schema) -> tuple[dict[str, Schema], set[str]]:
        properties: dict[str, Schema] = {}
        required: set[str] = set()
        for part in schema.get("allOf") or []:
            inner = self.index.resolve(part)
            props, req = self._properties(inner)
            properties.update(props)
            required |= req
        properties.update(schema.get("properties") or {})
        required |= set(schema.get("required") or [])
        return properties, required

    def _object(
        self, schema: Schema, stack: tuple[str, ...], class_name: Optional[str], *, full: bool = False
    ) -> Any:
        properties, required = self._properties(schema)
        result: dict[str, Any] = {}
        for wire, prop in properties.items():
            literal = self.literal_overrides.get((class_name, wire)) if class_name else None
            if literal:
                result[wire] = literal[0]
            elif wire in required:
                result[wire] = self._required_value(prop, stack)
            elif class_name and wire in self.always_sent.get(class_name, ()):
                result[wire] = self._required_value(_without_null(prop), stack)
            elif full:
                try:
                    result[wire] = self.sample(prop, stack)
                except NoSample:
                    continue
        return result

    def _required_value(self, prop: Schema, stack: tuple[str, ...]) -> Any:
        try:
            return self.sample(prop, stack)
        except NoSample:
            _, nullable = (
                non_null_variants(prop) if ("anyOf" in prop or "oneOf" in prop) else schema_types(prop)
            )
            if nullable:
                return None
            if "array" in schema_types(prop)[0]:
                return []
            raise


def build_model_samples(sampler: Sampler, modules: list[ModelModule]) -> list[ModelSample]:
    """A minimal and a full sample of every model class (enums and aliases are covered through the classes
    that use them)."""
    samples: list[ModelSample] = []
    for module in modules:
        for cls in module.classes:
            try:
                minimal = sampler.sample_named(cls.schema_name, (cls.schema_name,))
                full = sampler.sample_named(cls.schema_name, (cls.schema_name,), full=True)
            except NoSample as error:
                raise GeneratorError(f"schema {cls.schema_name!r} has no finite sample ({error})") from None
            samples.append(
                ModelSample(
                    name=cls.name,
                    module=module.module,
                    sample_json=json.dumps(minimal),
                    full_json=json.dumps(full),
                    additional_properties=cls.additional_properties,
                )
            )
    return sorted(samples, key=lambda sample: sample.name)


def build_union_samples(sampler: Sampler, modules: list[ModelModule]) -> list[UnionSample]:
    """A sample value of every union class (``UnionAlias.wrapper``)."""
    samples: list[UnionSample] = []
    for module in modules:
        for alias in module.aliases:
            if not alias.wrapper:
                continue
            try:
                value = sampler.sample_named(alias.schema_name, (alias.schema_name,))
            except NoSample as error:
                raise GeneratorError(f"union {alias.schema_name!r} has no finite sample ({error})") from None
            samples.append(UnionSample(name=alias.name, sample_json=json.dumps(value)))
    return sorted(samples, key=lambda sample: sample.name)


def _without_null(schema: Schema) -> Schema:
    from generator.records import without_null  # records builds on the model rules

    return without_null(schema)
