"""The walk from a schema to the type of a JSON value of it, shared by request dicts and result records.

:class:`generator.params.ParamTypes` (what a request value may be) and :class:`generator.records.RecordTypes`
(what a result holds) read a schema the same way: a ``$ref`` is a named type or is written inline, a union
is the union of its members, an ``allOf`` of one real part is that part, and a typed schema is the union of
its JSON types, ``Optional`` wherever the schema allows null. Only the leaves differ: what a named schema,
a constant or a JSON type becomes. This module owns the walk; each subclass owns its leaves.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from generator.errors import GeneratorError
from generator.ir import TypeRef
from generator.spec import Schema, SpecIndex, non_null_variants, ref_name, schema_types
from generator.types import NONE, optional, union


def is_union(schema: Schema) -> bool:
    """True for a ``oneOf``/``anyOf`` schema."""
    return "oneOf" in schema or "anyOf" in schema


def implied_type(schema: Schema) -> str:
    """The JSON type of a schema without ``type``: from its keywords, else anything."""
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    return "array" if "items" in schema else "any"


class ValueTypes(ABC):
    """Maps schemas of one spec to type expressions; subclasses decide the leaves."""

    #: The type of an object whose shape has no name here (an inline ``allOf`` of several parts).
    free_form: TypeRef

    def __init__(self, index: SpecIndex) -> None:
        self.index = index
        self._inlining: list[str] = []

    def type_of(self, schema: Schema) -> TypeRef:
        """The type of a value of ``schema`` (``Optional`` when it may be null)."""
        if "$ref" in schema:
            return self._ref(ref_name(schema["$ref"]))
        if "enum" in schema or "const" in schema:
            return self._constant(schema)
        if is_union(schema):
            variants, nullable = non_null_variants(schema)
            merged = union([self.type_of(variant) for variant in variants]) if variants else NONE
            return optional(merged) if nullable else merged
        if "allOf" in schema:
            parts = [part for part in schema["allOf"] if set(part) - {"description", "title"}]
            return self.type_of(parts[0]) if len(parts) == 1 else self.free_form
        types, nullable = schema_types(schema)
        merged = union([self._typed(kind, schema) for kind in types or [implied_type(schema)]])
        return optional(merged) if nullable else merged

    def inline(self, schema_name: str) -> TypeRef:
        """The type of the named schema written out in place (for schemas that get no name of their own).

        A schema that reaches itself without an object in between has no finite type: that is an error.
        """
        if schema_name in self._inlining:
            raise GeneratorError(f"schema {schema_name!r} contains itself without an object in between")
        self._inlining.append(schema_name)
        try:
            return self.type_of(self.index.schema(schema_name))
        finally:
            self._inlining.pop()

    @abstractmethod
    def _ref(self, schema_name: str) -> TypeRef:
        """The type a reference to ``schema_name`` stands for (a name, or :meth:`inline`)."""

    @abstractmethod
    def _constant(self, schema: Schema) -> TypeRef:
        """The type of a schema with ``enum`` or ``const``."""

    @abstractmethod
    def _typed(self, kind: str, schema: Schema) -> TypeRef:
        """The type of one JSON type (``"string"``, ``"array"``, ``"any"`` ...) of ``schema``."""
