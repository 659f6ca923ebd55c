"""Schemas of the operations' results -> the record shapes of ``mixpeek/records.py`` (IR only, no text).

The high-level client returns JSON objects as records (`mixpeek._runtime.record.Record`, a ``dict`` with
attribute access). The shapes built here tell type checkers what each record holds. Rules:

* **Which schemas.** Every schema reachable from a 2xx response of an operation (of the config's
  ``recordTags`` when given, else of every operation), through properties, array items, union members,
  ``allOf`` parts and ``additionalProperties``.
* **Which names.** An object schema gives a shape :func:`generator.naming.record_name` of its class; a
  ``oneOf``/``anyOf`` schema gives an alias of that name for the ``Union`` of its members' record types.
  Enums, arrays and scalars get no name: their type is written where they are used.
* **Which types.** Records hold the JSON as it came: ``string`` of any format (``date-time``, ``date``,
  ``binary``) is ``str``; an enum is its values' type (``str``/``int``), since values the spec does not
  list yet are kept; ``integer`` ``int``, ``number`` ``float``, ``boolean`` ``bool``; arrays ``List[...]``;
  an object with a value schema ``Dict[str, ...]``; inline objects and free-form objects ``Record``;
  nullable or not required fields ``Optional[...]``; no schema ``Any``.
* **Fields.** ``allOf`` parts are flattened into one shape (no inheritance, so no field is ever redeclared
  with another type). Every field is readable by key (``__getitem__``/``get`` overloads on ``Literal`` keys,
  one per distinct type); :func:`generator.naming.record_attribute` says which are also attributes. A shape
  without declared fields derives from ``Record`` (any key is an attribute), the others from ``RecordBase``
  (only declared fields are attributes, so a misspelt one is a type error).
* **Always sent.** A field is ``Optional`` unless the API always sends it with a value: the spec marks it
  required and not nullable, or :func:`always_sent` holds. The spec's optional/nullable flags are lossy for
  results (many response models share the request's optional fields), so two facts of the API are applied
  here, and only here: (1) the **identity** of a stored resource: ``<x>_id`` in a schema whose class name
  starts with ``<x>`` and which also has ``<x>_name`` (``NamespaceModel.namespace_id``,
  ``CollectionResponse.collection_id``, ``RetrieverConfig.retriever_id`` ...): the API assigns it on create
  and returns it with the resource, so it is never missing; (2) the **hits** of a retrieval: a field named
  ``documents`` or ``results`` holding a list of free-form objects (``ExecuteRetrieverResponse.documents``
  ...) is a list of :data:`HIT_RECORD` (``document_id``, ``score``, ``payload`` typed, any other key
  readable), and ``documents`` is always sent (``results``, the deprecated copy, only on request).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Optional

from generator import naming
from generator.config import GeneratorConfig
from generator.errors import GeneratorError
from generator.ir import RecordAlias, RecordAttribute, RecordKeyGroup, RecordModule, RecordShape, TypeRef
from generator.models import all_properties, kind_of
from generator.spec import Schema, SpecIndex, non_null_variants, ref_name, references, schema_types
from generator.types import ANY, NONE, optional, typing_ref, union
from generator.value_types import ValueTypes, is_union

RECORDS_MODULE = "mixpeek/records.py"
RECORDS_STUB = "mixpeek/records.pyi"
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_RECORD = TypeRef(expr="Record")

#: The shape of one retrieved document (a hit): the spec leaves hits free-form, so the typed fields every hit
#: carries are declared here; it derives from ``Record``, so the stage-specific rest is readable by attribute.
HIT_RECORD = "RetrieverHitRecord"
HIT_FIELDS: tuple[tuple[str, str], ...] = (("document_id", "str"), ("score", "float"), ("payload", "Record"))
#: Names of fields that hold hits, when they are lists of free-form objects.
HIT_LIST_FIELDS = frozenset({"documents", "results"})


def is_hit_list(wire: str, schema: Schema) -> bool:
    """A field holding retrieved documents: ``documents``/``results``, a list of free-form objects."""
    if wire not in HIT_LIST_FIELDS:
        return False
    variants, _ = non_null_variants(schema) if is_union(schema) else ([schema], False)
    return len(variants) == 1 and _is_free_form_list(variants[0])


def _is_free_form_list(schema: Schema) -> bool:
    items = schema.get("items")
    if schema.get("type") != "array" or not isinstance(items, Mapping):
        return False
    free_form = items.get("type") == "object" and not items.get("properties")
    return free_form and items.get("additionalProperties") not in (None, False)


def always_sent(class_name: str, wire: str, schema: Schema, field_names: frozenset[str]) -> bool:
    """Whether the API always sends this field of a result with a value, though the spec may leave it
    optional or nullable (see the module docstring: a stored resource's identity, and the hits)."""
    if is_hit_list(wire, schema):
        return wire == "documents" and not schema.get("deprecated")
    if not wire.endswith("_id"):
        return False
    resource = wire[: -len("_id")]
    return naming.snake_case(class_name).startswith(resource + "_") and f"{resource}_name" in field_names


def without_null(schema: Schema) -> Schema:
    """``schema`` with null no longer allowed (an ``anyOf [X, null]`` becomes X)."""
    if is_union(schema):
        variants, nullable = non_null_variants(schema)
        if nullable and len(variants) == 1:
            return {**{k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}, **variants[0]}
        if nullable:
            key = "anyOf" if "anyOf" in schema else "oneOf"
            return {**schema, key: variants}
        return schema
    types, nullable = schema_types(schema)
    if not nullable:
        return schema
    trimmed = {k: v for k, v in schema.items() if k != "nullable"}
    if isinstance(schema.get("type"), list):
        trimmed["type"] = types[0] if len(types) == 1 else types
    return trimmed


def result_roots(index: SpecIndex, tags: Optional[tuple[str, ...]]) -> set[str]:
    """The schemas named by the 2xx responses of the operations with one of ``tags`` (None: all)."""
    if tags is not None:
        known = {tag for _, _, operation in index.operations() for tag in operation.get("tags") or []}
        unknown = sorted(set(tags) - known)
        if unknown:
            raise GeneratorError(f"recordTags names tags no operation has: {unknown}")
    roots: set[str] = set()
    for _, _, operation in index.operations():
        if tags is not None and not set(operation.get("tags") or []) & set(tags):
            continue
        for status, response in (operation.get("responses") or {}).items():
            if str(status).startswith("2"):
                resolved = index.resolve(response) if "$ref" in response else response
                roots.update(references(resolved.get("content") or {}))
    return roots


def reachable(index: SpecIndex, roots: set[str]) -> set[str]:
    """``roots`` and every schema they refer to, at any depth."""
    seen: set[str] = set()
    pending = sorted(roots)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(references(index.schema(name)))
    return seen


class RecordTypes(ValueTypes):
    """Maps schemas to the type expressions of record fields (JSON as decoded, objects as records)."""

    free_form = _RECORD

    def named(self, schema_name: str) -> Optional[str]:
        """The record name a schema gets (object or union), None when its type is written inline."""
        kind = kind_of(self.index.schema(schema_name))
        if kind == "model" or (kind == "alias" and is_union(self.index.schema(schema_name))):
            return naming.record_name(self.index.class_names[schema_name])
        return None

    def _ref(self, schema_name: str) -> TypeRef:
        name = self.named(schema_name)
        if name is not None:
            return TypeRef(expr=name, models=frozenset({name}))
        return self.inline(schema_name)

    def _constant(self, schema: Schema) -> TypeRef:
        """The JSON types of the values (an enum's unknown values are kept, so not a ``Literal``)."""
        values = list(schema["enum"]) if "enum" in schema else [schema["const"]]
        kinds = {_json_type(value) for value in values if value is not None}
        merged = union([TypeRef(expr=kind) for kind in sorted(kinds)]) if kinds else NONE
        return optional(merged) if None in values else merged

    def field_type(self, wire: str, schema: Schema) -> TypeRef:
        """The type of a result field's value: hits as `HIT_RECORD` lists, else `type_of`."""
        if is_hit_list(wire, schema):
            hits = typing_ref(f"List[{HIT_RECORD}]", "List", inner=[TypeRef(expr=HIT_RECORD)])
            _, nullable = non_null_variants(schema) if is_union(schema) else schema_types(schema)
            return optional(hits) if nullable else hits
        return self.type_of(schema)

    def _typed(self, kind: str, schema: Schema) -> TypeRef:
        if kind in _PRIMITIVES:
            return TypeRef(expr=_PRIMITIVES[kind])
        if kind == "null":
            return NONE
        if kind == "array":
            items = schema.get("items")
            item = self.type_of(items) if isinstance(items, Mapping) and items else ANY
            return typing_ref(f"List[{item.expr}]", "List", inner=[item])
        if kind == "object":
            extra = schema.get("additionalProperties")
            if schema.get("properties") or not isinstance(extra, Mapping) or not extra:
                return _RECORD
            value = self.type_of(extra)
            return typing_ref(f"Dict[str, {value.expr}]", "Dict", inner=[value])
        if kind == "any":
            return ANY
        raise GeneratorError(f"unsupported schema type {kind!r}")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "float" if isinstance(value, float) else "str"


class RecordBuilder:
    """Builds the records module of one spec."""

    def __init__(self, index: SpecIndex, config: GeneratorConfig) -> None:
        self.index = index
        self.types = RecordTypes(index)
        self.schemas = sorted(reachable(index, result_roots(index, config.record_tags)))
        self.names = {name: self.types.named(name) for name in self.schemas}
        self.record_names = frozenset(name for name in self.names.values() if name) | {HIT_RECORD}
        if HIT_RECORD in self.names.values():
            raise GeneratorError(f"a schema's record name is {HIT_RECORD}, the name of the hits' shape")
        clashes = sorted(self.record_names & naming.RECORD_MODULE_NAMES)
        if clashes:
            raise GeneratorError(f"record names {clashes} clash with names mixpeek/records.py uses")

    def build(self) -> RecordModule:
        shapes: list[RecordShape] = []
        aliases: list[RecordAlias] = []
        typing_names: set[str] = set()
        for schema_name in self.schemas:
            record = self.names[schema_name]
            if record is None:
                continue
            schema = self.index.schema(schema_name)
            if kind_of(schema) == "model":
                shape, needs = self._shape(schema_name, record, schema)
                shapes.append(shape)
            else:
                ref = self.types.type_of(_without_self(schema_name, schema))
                aliases.append(RecordAlias(name=record, schema_name=schema_name, type=ref.expr))
                needs = {name for _, name in ref.imports}
            typing_names |= needs
        if any(HIT_RECORD in group.type for shape in shapes for group in shape.key_groups):
            shapes.append(self._hit_shape())  # declared only where a result holds hits
        if shapes and any(shape.key_groups for shape in shapes):
            typing_names |= {"Any", "Literal", "Optional", "overload"}
        return RecordModule(
            typing_names=tuple(sorted(typing_names)),
            shapes=tuple(sorted(shapes, key=lambda shape: shape.name)),
            aliases=tuple(sorted(aliases, key=lambda alias: alias.name)),
        )

    def _hit_shape(self) -> RecordShape:
        """The shape of one hit (`HIT_RECORD`): its typed fields, and any other key (a ``Record``)."""
        fields = [(wire, TypeRef(expr=expr)) for wire, expr in HIT_FIELDS]
        return self._assemble("", HIT_RECORD, "Record", fields)

    def _shape(self, schema_name: str, record: str, schema: Schema) -> tuple[RecordShape, set[str]]:
        fields: list[tuple[str, TypeRef]] = []
        properties = all_properties(self.index, schema)
        names = frozenset(prop.wire for prop in properties)
        class_name = self.index.class_names[schema_name]
        for prop in properties:
            if always_sent(class_name, prop.wire, prop.schema, names):
                fields.append((prop.wire, self.types.field_type(prop.wire, without_null(prop.schema))))
                continue
            ref = self.types.field_type(prop.wire, prop.schema)
            fields.append((prop.wire, ref if prop.required else optional(ref)))
        shape = self._assemble(schema_name, record, "RecordBase" if fields else "Record", fields)
        return shape, {name for _, ref in fields for _, name in ref.imports}

    def _assemble(
        self, schema_name: str, record: str, base: str, fields: list[tuple[str, TypeRef]]
    ) -> RecordShape:
        attributes = tuple(
            RecordAttribute(name=attribute, type=ref.expr)
            for wire, ref in fields
            for attribute in [naming.record_attribute(wire, self.record_names)]
            if attribute is not None
        )
        return RecordShape(
            name=record,
            schema_name=schema_name,
            base=base,
            attributes=attributes,
            key_groups=tuple(_key_groups(fields)),
            get_groups=tuple(_key_groups([(wire, optional(ref)) for wire, ref in fields])),
        )


def _key_groups(fields: list[tuple[str, TypeRef]]) -> Iterator[RecordKeyGroup]:
    """Fields grouped by type, in the order each type first appears."""
    grouped: dict[str, list[str]] = {}
    for wire, ref in fields:
        grouped.setdefault(ref.expr, []).append(wire)
    for expr, wires in grouped.items():
        yield RecordKeyGroup(keys=tuple(json.dumps(wire) for wire in wires), type=expr)


def _without_self(schema_name: str, schema: Schema) -> Schema:
    """A union without members that are the union itself (they add nothing; see generator.models)."""
    key = "anyOf" if "anyOf" in schema else "oneOf"
    kept = [v for v in schema[key] if "$ref" not in v or ref_name(v["$ref"]) != schema_name]
    return {**schema, key: kept}


def build_records(index: SpecIndex, config: GeneratorConfig) -> RecordModule:
    """The records module of the spec (see the module docstring for the rules)."""
    return RecordBuilder(index, config).build()
