"""Component schemas -> model modules of the IR (classes, enums, union aliases, their modules and imports).

Rules (besides those of :mod:`generator.types` and :mod:`generator.naming`):

* An object schema (``type: object`` or ``properties``) is a model class; ``enum`` is an enum class;
  ``oneOf`` / ``anyOf`` and every other schema (arrays, scalars) is a module-level type alias. A ``oneOf`` /
  ``anyOf`` alias is a union class at runtime (``UnionAlias.wrapper``): fields of its type hold plain members,
  and it also offers the published wrapper forms (``X(actual_instance=v)``, ``X.from_json`` ...,
  ``isinstance(member, X)``), while type checkers see the plain ``Union``.
* ``allOf`` with exactly one ``$ref`` to an object schema inherits from that class and adds the properties of
  the inline parts; any other ``allOf`` is flattened into one class with the properties of every part.
* A property that is not required defaults to its spec default (scalars, enum members, lists/dicts of
  scalars), else ``None``, and its type is ``Optional``; a required property has no default.
* An object schema that allows undeclared fields (``additionalProperties``) gets a read-only
  ``additional_properties`` property with them, the name the published package used.
* A union variant that is a ``$ref`` to the union itself is dropped: ``X = X | Y`` only ever means ``Y``
  (the published spec has such a union, ``ExportRequest``), and a self-referencing alias cannot be written.
* A property that is the discriminator of a discriminated union one of whose variants is this class is typed
  ``Literal[<mapping values>]`` (pydantic needs that to dispatch).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional, Union

from generator import naming
from generator.errors import GeneratorError
from generator.ir import (
    EnumClass,
    EnumMember,
    FallbackDef,
    FieldDef,
    ModelClass,
    TypeRef,
    UnionAlias,
)
from generator.literals import is_simple_json, py_literal, string_source
from generator.spec import Schema, SpecIndex, non_null_variants, ref_name, schema_types
from generator.types import TypeMapper, is_constant, optional, typing_ref

MODELS_PACKAGE = "mixpeek.models"
MODEL_BASE_MODULE = "mixpeek._runtime.model"
MODEL_BASE = "MixpeekModel"
UNION_BASE_MODULE = "mixpeek._runtime.union"
UNION_BASE = "UnionWrapper"
FALLBACK_MODULE = "_fallback"
FALLBACK_HELPER = "fill_fallbacks"

Definition = Union[ModelClass, EnumClass, UnionAlias]


def describe(schema: Schema) -> str:
    """The description of a schema, falling back to its title, normalised to single spaces per line."""
    text = schema.get("description") or schema.get("title") or ""
    return "\n".join(line.rstrip() for line in str(text).strip().splitlines())


def is_object_schema(schema: Schema) -> bool:
    types, _ = schema_types(schema)
    return "object" in types or "properties" in schema


def kind_of(schema: Schema) -> str:
    """``"enum"``, ``"model"`` (object or allOf) or ``"alias"``."""
    if "enum" in schema:
        return "enum"
    if "allOf" in schema or (is_object_schema(schema) and "anyOf" not in schema and "oneOf" not in schema):
        return "model"
    return "alias"


@dataclass(frozen=True)
class _Property:
    wire: str
    schema: Schema
    required: bool


def own_properties(schema: Schema) -> list[_Property]:
    required = set(schema.get("required") or [])
    return [
        _Property(wire=wire, schema=prop, required=wire in required)
        for wire, prop in (schema.get("properties") or {}).items()
    ]


def all_properties(index: SpecIndex, schema: Schema, seen: frozenset[str] = frozenset()) -> list[_Property]:
    """The properties of a schema with those of its ``allOf`` parts (first definition of a name wins)."""
    collected: dict[str, _Property] = {}
    for part in schema.get("allOf") or []:
        if "$ref" in part:
            name = ref_name(part["$ref"])
            if name in seen:
                raise GeneratorError(f"allOf cycle through schema {name!r}")
            inner = all_properties(index, index.schema(name), seen | {name})
        else:
            inner = all_properties(index, part, seen)
        for prop in inner:
            collected.setdefault(prop.wire, prop)
    for prop in own_properties(schema):
        collected[prop.wire] = prop
    return list(collected.values())


class ModelBuilder:
    """Builds every model module of one spec."""

    def __init__(self, index: SpecIndex) -> None:
        self.index = index
        self.types = TypeMapper(index)
        self.literal_overrides = self._discriminator_literals()
        self._always_sent: Optional[dict[str, frozenset[str]]] = None

    # discriminators ------------------------------------------------------------------------------------
    def _discriminator_literals(self) -> dict[tuple[str, str], list[str]]:
        """(class name, wire property) -> discriminator values, from every discriminated union in the spec."""
        found: dict[tuple[str, str], list[str]] = defaultdict(list)

        def visit(schema: Any) -> None:
            if isinstance(schema, Mapping):
                if ("oneOf" in schema or "anyOf" in schema) and self.types.discriminator_of(schema):
                    self._add_literals(schema, found)
                for key, value in schema.items():
                    if key == "properties" and isinstance(value, Mapping):
                        for prop in value.values():
                            visit(prop)
                    elif key not in ("enum", "default", "example", "examples", "const"):
                        visit(value)
            elif isinstance(schema, list):
                for item in schema:
                    visit(item)

        visit(self.index.schemas)
        visit(self.index.document.get("paths", {}))
        return dict(found)

    def _add_literals(self, schema: Schema, found: dict[tuple[str, str], list[str]]) -> None:
        discriminator = schema["discriminator"]
        prop: str = discriminator["propertyName"]
        mapping: Mapping[str, str] = discriminator.get("mapping") or {}
        variants, _ = non_null_variants(schema)
        for variant in variants:
            target = ref_name(variant["$ref"])
            values = [value for value, ref in mapping.items() if ref_name(ref) == target] or [target]
            bucket = found[(self.index.class_names[target], prop)]
            bucket.extend(value for value in values if value not in bucket)

    # definitions ----------------------------------------------------------------------------------------
    def definition(self, schema_name: str) -> Definition:
        schema = self.index.schema(schema_name)
        class_name = self.index.class_names[schema_name]
        kind = kind_of(schema)
        if kind == "enum":
            return self._enum(schema_name, class_name, schema)
        if kind == "model":
            return self._model(schema_name, class_name, schema)
        ref = self.types.type_of(_without_self_variants(schema_name, schema))
        return UnionAlias(
            name=class_name,
            schema_name=schema_name,
            doc=describe(schema),
            type=ref,
            wrapper="oneOf" in schema or "anyOf" in schema,
        )

    def _enum(self, schema_name: str, class_name: str, schema: Schema) -> EnumClass:
        values = list(schema["enum"])
        non_null = [value for value in values if value is not None]
        base = (
            "int"
            if non_null and all(isinstance(v, int) and not isinstance(v, bool) for v in non_null)
            else "str"
        )
        members: list[EnumMember] = []
        owners: dict[str, object] = {}
        for value in non_null:
            member = naming.enum_member_name(value)
            if member in owners:
                raise GeneratorError(
                    f"enum {schema_name!r}: values {owners[member]!r} and {value!r} "
                    f"both map to member {member}"
                )
            owners[member] = value
            members.append(EnumMember(name=member, value_source=repr(value if base == "int" else str(value))))
        doc = describe(schema) or f"The values ``{schema_name}`` can take."
        return EnumClass(name=class_name, schema_name=schema_name, base=base, doc=doc, members=tuple(members))

    def _model(self, schema_name: str, class_name: str, schema: Schema) -> ModelClass:
        bases: tuple[str, ...] = (MODEL_BASE,)
        props = own_properties(schema)
        inherited: list[_Property] = []
        if "allOf" in schema:
            ref_parts = [part for part in schema["allOf"] if "$ref" in part]
            base_schema = self.index.resolve(ref_parts[0]) if len(ref_parts) == 1 else None
            if base_schema is not None and kind_of(base_schema) == "model":
                bases = (self.index.class_of_ref(ref_parts[0]["$ref"]),)
                inherited = all_properties(self.index, base_schema)
                inline = [part for part in schema["allOf"] if "$ref" not in part]
                props = [p for part in inline for p in all_properties(self.index, part)] + props
            else:
                props = all_properties(self.index, schema)
        inherited_attrs = {naming.safe_identifier(p.wire): p.wire for p in inherited}
        fields: list[FieldDef] = []
        owners: dict[str, str] = dict(inherited_attrs)
        kept = tuple(
            (naming.safe_identifier(p.wire), p.wire) for p in props if p.schema.get("x-deprecated-alias")
        )
        props = [p for p in props if not p.schema.get("x-deprecated-alias")]  # not fields: see kept_fields
        for prop in props:
            attr = naming.safe_identifier(prop.wire)
            if attr in owners and owners[attr] != prop.wire:
                raise GeneratorError(
                    f"schema {schema_name!r}: properties {owners[attr]!r} and {prop.wire!r} both map to "
                    f"the attribute {attr!r}"
                )
            owners[attr] = prop.wire
            fields.append(self._field(class_name, attr, prop))
        fallbacks = []
        for prop in props:
            source = prop.schema.get("x-fallback-property")
            if isinstance(source, str):
                known = {p.wire for p in props} | set(inherited_attrs.values())
                if source not in known:
                    raise GeneratorError(
                        f"schema {schema_name!r}: x-fallback-property of {prop.wire!r} "
                        f"names unknown {source!r}"
                    )
                fallbacks.append(
                    FallbackDef(attr=naming.safe_identifier(prop.wire), source=naming.safe_identifier(source))
                )
        # A constant with no value to send (optional, default None) stays unset: marking it would send null.
        constants = tuple(
            field.attr
            for field, prop in zip(fields, props)
            if _holds_constant(prop.schema) and _default_of(field) not in (None, "None")
        )
        parts = [schema, *(self.index.resolve(part) for part in schema.get("allOf") or [])]
        open_ended = any(part.get("additionalProperties") not in (None, False) for part in parts)
        return ModelClass(
            name=class_name,
            schema_name=schema_name,
            bases=bases,
            doc=describe(schema) or f"The ``{schema_name}`` object of the Mixpeek API.",
            fields=tuple(fields),
            fallbacks=tuple(fallbacks),
            constants=constants,
            additional_properties=open_ended and "additional_properties" not in owners,
            open_schema=open_ended,
            kept_fields=kept,
        )

    def _field(self, class_name: str, attr: str, prop: _Property) -> FieldDef:
        literal_values = self.literal_overrides.get((class_name, prop.wire))
        constraints: list[tuple[str, str]]
        if literal_values:
            body = ", ".join(repr(value) for value in literal_values)
            ref = typing_ref(f"Literal[{body}]", "Literal")
            nullable, constraints = False, []
        elif prop.wire in self.always_sent_fields().get(class_name, ()):
            ref, nullable, constraints = self.types.field_type(_without_null(prop.schema))
        else:
            ref, nullable, constraints = self.types.field_type(prop.schema)
        default_source = self._default_source(prop, ref, literal_values)
        required = self.field_required(class_name, prop)
        if nullable or (not required and not literal_values):
            ref = optional(ref)
        args: list[tuple[str, str]] = []
        if not required:
            args.append(("default", default_source if default_source is not None else "None"))
        if attr != prop.wire:
            args.append(("alias", repr(prop.wire)))
        description = describe(prop.schema)
        if description:
            args.append(("description", string_source(description)))
        args.extend(constraints)
        plain_default: Optional[str] = None
        if len(args) == 1 and args[0][0] == "default":
            plain_default, args = args[0][1], []
        return FieldDef(
            attr=attr,
            wire=prop.wire,
            type=ref,
            required=required,
            field_args=tuple(args),
            plain_default=plain_default,
            description=description,
        )

    def always_sent_fields(self) -> dict[str, frozenset[str]]:
        """Class name -> the fields the API always sends though the spec leaves them optional or nullable:
        the rule of the records (`generator.records.always_sent`: a stored resource's id, a retrieval's
        hits), applied to the schemas only results use (request-side models keep the spec's Optional, since
        callers may leave those out). Such a field is required and not Optional; a response without it
        still parses, through the lenient fallback, as any response that does not match its model."""
        if self._always_sent is None:
            from generator.params import request_roots  # both build on this module
            from generator.records import always_sent, reachable

            request_side = reachable(self.index, request_roots(self.index))
            found: dict[str, frozenset[str]] = {}
            for schema_name, schema in self.index.schemas.items():
                if schema_name in request_side or kind_of(schema) != "model":
                    continue
                class_name = self.index.class_names[schema_name]
                props = all_properties(self.index, schema)
                wires = frozenset(prop.wire for prop in props)
                sent = frozenset(
                    prop.wire
                    for prop in props
                    if not prop.required and always_sent(class_name, prop.wire, prop.schema, wires)
                )
                if sent:
                    found[class_name] = sent
            self._always_sent = found
        return self._always_sent

    def field_required(self, class_name: str, prop: _Property) -> bool:
        """Whether a property is a required field of its class: required by the schema, except a
        discriminator constant with a default (always sent, so the caller need not give it); also a field
        the API always sends in a result-only schema (`always_sent_fields`)."""
        if prop.wire in self.always_sent_fields().get(class_name, ()):
            return True
        literal_values = self.literal_overrides.get((class_name, prop.wire))
        if not (prop.required and literal_values):
            return prop.required
        return self._default_source(prop, TypeRef(expr="str"), literal_values) is None

    def _default_source(
        self, prop: _Property, ref: TypeRef, literal_values: Optional[list[str]]
    ) -> Optional[str]:
        schema = prop.schema
        if literal_values:
            if "default" in schema and schema["default"] in literal_values:
                return repr(schema["default"])
            return repr(literal_values[0]) if len(literal_values) == 1 and not prop.required else None
        if "default" not in schema or schema["default"] is None or not is_simple_json(schema["default"]):
            return None
        value = schema["default"]
        target = self._enum_target(schema)
        if target is not None:
            enum_name, enum_schema = target
            if value in (enum_schema.get("enum") or []):
                return f"{enum_name}.{naming.enum_member_name(value)}"
            return None
        # Defaults of models, dates and binary content would need conversion; the server applies them.
        if ref.models or ref.expr == "bytes" or any(module == "datetime" for module, _ in ref.imports):
            return None
        return string_source(value) if isinstance(value, str) else py_literal(value)

    def _enum_target(self, schema: Schema) -> Optional[tuple[str, Schema]]:
        candidates = [schema]
        variants, _ = non_null_variants(schema)
        candidates.extend(variants)
        candidates.extend(part for part in schema.get("allOf") or [])
        for candidate in candidates:
            if "$ref" in candidate:
                target = self.index.resolve(candidate)
                if "enum" in target:
                    return self.index.class_of_ref(candidate["$ref"]), target
        return None


def _without_self_variants(schema_name: str, schema: Schema) -> Schema:
    key = "anyOf" if "anyOf" in schema else "oneOf" if "oneOf" in schema else None
    if key is None:
        return schema
    variants = [v for v in schema[key] if "$ref" not in v or ref_name(v["$ref"]) != schema_name]
    if not variants:
        raise GeneratorError(f"schema {schema_name!r} is a union of nothing but itself")
    return {**schema, key: variants}


def _default_of(field: FieldDef) -> Optional[str]:
    """The Python source of a field's default, None when it has none (required)."""
    if field.plain_default is not None:
        return field.plain_default
    return dict(field.field_args).get("default")


def _holds_constant(schema: Schema) -> bool:
    """A property typed as a constant (:func:`generator.types.is_constant`), possibly nullable."""
    return is_constant(schema) or any(is_constant(variant) for variant in non_null_variants(schema)[0])


def _without_null(schema: Schema) -> Schema:
    from generator.records import without_null  # records builds on this module

    return without_null(schema)
