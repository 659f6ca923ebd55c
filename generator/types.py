"""Schema -> Python type expression (:class:`generator.ir.TypeRef`), with the imports each expression needs.

Mapping: string -> ``str`` (``date-time`` -> ``datetime``, ``date`` -> ``date``, ``binary`` -> ``bytes``),
integer -> ``int``, number -> ``float``, boolean -> ``bool``, array -> ``List[X]``, object without
properties -> ``Dict[str, X]`` (``X`` from ``additionalProperties``, else ``Any``), ``$ref`` -> the class,
``oneOf``/``anyOf`` -> ``Union[...]`` (``Annotated[Union[...], Field(discriminator=...)]`` when the spec
names a discriminator), ``const`` -> ``Literal[...]``, a null variant or a ``null`` type ->
``Optional[...]``; no type -> ``Any``. Constraints of items and values are kept with
``Annotated[X, Field(...)]``; the constraints of a property itself go into its ``Field(...)`` (see
:func:`constraint_args`). Regex patterns are kept only when both Python's ``re`` and pydantic-core's Rust
engine accept them (no look-around or back-references).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Optional

from generator.errors import GeneratorError
from generator.ir import TypeRef
from generator.spec import Schema, SpecIndex, non_null_variants, schema_types

_TYPING = "typing"
_PRIMITIVES = {"integer": "int", "number": "float", "boolean": "bool"}
_STRING_FORMATS = {"date-time": ("datetime", "datetime"), "date": ("datetime", "date"), "binary": None}
_UNSUPPORTED_REGEX = re.compile(r"\(\?[=!<]|\\[1-9]|\(\?P=|\\k<")


def typing_ref(expr: str, *names: str, inner: Iterable[TypeRef] = ()) -> TypeRef:
    """A TypeRef for ``expr`` that needs ``typing`` names plus everything the inner TypeRefs need."""
    models: frozenset[str] = frozenset()
    imports = frozenset((_TYPING, name) for name in names)
    for ref in inner:
        models |= ref.models
        imports |= ref.imports
    return TypeRef(expr=expr, models=models, imports=imports)


ANY = typing_ref("Any", "Any")
NONE = TypeRef(expr="None")


def optional(ref: TypeRef) -> TypeRef:
    """``Optional[ref]`` (unchanged for ``Any``, ``None`` and expressions that already are Optional)."""
    if ref.expr in ("Any", "None") or ref.expr.startswith("Optional["):
        return ref
    return typing_ref(f"Optional[{ref.expr}]", "Optional", inner=[ref])


def union(refs: list[TypeRef]) -> TypeRef:
    """``Union[...]`` of distinct expressions (a single one is returned as is)."""
    distinct: list[TypeRef] = []
    for ref in refs:
        if all(ref.expr != seen.expr for seen in distinct):
            distinct.append(ref)
    if any(ref.expr == "Any" for ref in distinct):
        return ANY
    if len(distinct) == 1:
        return distinct[0]
    body = ", ".join(ref.expr for ref in distinct)
    return typing_ref(f"Union[{body}]", "Union", inner=distinct)


def pattern_is_portable(pattern: str) -> bool:
    """True when ``pattern`` compiles in Python and uses nothing the Rust regex engine rejects."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return not _UNSUPPORTED_REGEX.search(pattern)


def _number_source(value: Any) -> str:
    return repr(value)


def constraint_args(schema: Schema) -> list[tuple[str, str]]:
    """``Field(...)`` keyword arguments for the constraints of a (non-null part of a) schema."""
    args: list[tuple[str, str]] = []
    types, _ = schema_types(schema)
    is_array = "array" in types
    length_keys = (
        (("minItems", "min_length"), ("maxItems", "max_length"))
        if is_array
        else (
            ("minLength", "min_length"),
            ("maxLength", "max_length"),
        )
    )
    for key, arg in length_keys:
        if isinstance(schema.get(key), int):
            args.append((arg, str(schema[key])))
    for key, arg in (("minimum", "ge"), ("maximum", "le")):
        value = schema.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            exclusive = schema.get("exclusive" + key[0].upper() + key[1:])
            args.append(
                (("gt" if arg == "ge" else "lt") if exclusive is True else arg, _number_source(value))
            )
    for key, arg in (("exclusiveMinimum", "gt"), ("exclusiveMaximum", "lt")):
        value = schema.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            args.append((arg, _number_source(value)))
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and not isinstance(multiple, bool):
        args.append(("multiple_of", _number_source(multiple)))
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and "string" in types and pattern_is_portable(pattern):
        args.append(("pattern", repr(pattern)))
    return args


class TypeMapper:
    """Maps schemas of one spec to type expressions."""

    def __init__(self, index: SpecIndex) -> None:
        self.index = index

    def field_type(self, schema: Schema) -> tuple[TypeRef, bool, list[tuple[str, str]]]:
        """The type of a property or parameter (without Optional), whether it may be null, its constraints."""
        core, nullable = self._strip_null(schema)
        return self.type_of(core, top_level=True), nullable, constraint_args(core)

    def _strip_null(self, schema: Schema) -> tuple[Schema, bool]:
        if "anyOf" in schema or "oneOf" in schema:
            variants, nullable = non_null_variants(schema)
            if len(variants) == 1 and "discriminator" not in schema:
                inner, inner_null = self._strip_null(variants[0])
                return inner, nullable or inner_null
            return schema, nullable
        types, nullable = schema_types(schema)
        if nullable:
            return {**schema, "type": types[0] if len(types) == 1 else types}, True
        return schema, False

    def type_of(self, schema: Schema, *, top_level: bool = False) -> TypeRef:
        """The Python type of ``schema`` (nullability included only for nested schemas)."""
        if not top_level:
            core, nullable = self._strip_null(schema)
            ref = self._with_constraints(core)
            return optional(ref) if nullable else ref
        return self._core_type(schema)

    def _with_constraints(self, schema: Schema) -> TypeRef:
        ref = self._core_type(schema)
        args = constraint_args(schema)
        if not args:
            return ref
        body = ", ".join(f"{key}={value}" for key, value in args)
        annotated = typing_ref(f"Annotated[{ref.expr}, Field({body})]", "Annotated", inner=[ref])
        return TypeRef(annotated.expr, annotated.models, annotated.imports | {("pydantic", "Field")})

    def _core_type(self, schema: Schema) -> TypeRef:
        if "$ref" in schema:
            class_name = self.index.class_of_ref(schema["$ref"])
            return TypeRef(expr=class_name, models=frozenset({class_name}))
        if is_constant(schema):
            # ``const``, or an inline one-value enum: how the spec states a constant (a union's tag, say).
            value = schema["const"] if "const" in schema else schema["enum"][0]
            return typing_ref(f"Literal[{value!r}]", "Literal")
        if "allOf" in schema:
            return self._all_of(schema)
        if "anyOf" in schema or "oneOf" in schema:
            return self._union(schema)
        types, nullable = schema_types(schema)
        if len(types) > 1:
            refs = [self._core_type({**schema, "type": kind}) for kind in types]
            merged = union(refs)
            return optional(merged) if nullable else merged
        if not types:
            if "properties" in schema or "additionalProperties" in schema:
                return self._object(schema)
            if "items" in schema:
                return self._array(schema)
            return ANY
        return self._typed(types[0], schema)

    def _typed(self, kind: str, schema: Schema) -> TypeRef:
        if kind == "string":
            fmt = schema.get("format")
            if fmt in _STRING_FORMATS:
                target = _STRING_FORMATS[fmt]
                if target is None:
                    return TypeRef(expr="bytes")
                return TypeRef(expr=target[1], imports=frozenset({target}))
            return TypeRef(expr="str")
        if kind in _PRIMITIVES:
            return TypeRef(expr=_PRIMITIVES[kind])
        if kind == "array":
            return self._array(schema)
        if kind == "object":
            return self._object(schema)
        if kind == "null":
            return NONE
        raise GeneratorError(f"unsupported schema type {kind!r}")

    def _array(self, schema: Schema) -> TypeRef:
        items = schema.get("items")
        item = self.type_of(items) if isinstance(items, Mapping) and items else ANY
        return typing_ref(f"List[{item.expr}]", "List", inner=[item])

    def _object(self, schema: Schema) -> TypeRef:
        extra = schema.get("additionalProperties")
        value = self.type_of(extra) if isinstance(extra, Mapping) and extra else ANY
        return typing_ref(f"Dict[str, {value.expr}]", "Dict", inner=[value])

    def _all_of(self, schema: Schema) -> TypeRef:
        parts = [part for part in schema["allOf"] if set(part) - {"description", "title"}]
        if len(parts) == 1:
            return self.type_of(parts[0])
        raise GeneratorError(
            "an inline allOf with several parts cannot be named; move it into components/schemas: "
            f"{sorted(str(part) for part in parts)[:3]}"
        )

    def _union(self, schema: Schema) -> TypeRef:
        variants, nullable = non_null_variants(schema)
        merged = union([self.type_of(variant) for variant in variants])
        discriminator = self.discriminator_of(schema)
        if discriminator is not None and merged.expr.startswith("Union["):
            expr = f"Annotated[{merged.expr}, Field(discriminator={discriminator!r})]"
            imports = merged.imports | {(_TYPING, "Annotated"), ("pydantic", "Field")}
            merged = TypeRef(expr=expr, models=merged.models, imports=imports)
        return optional(merged) if nullable else merged

    def discriminator_of(self, schema: Schema) -> Optional[str]:
        """The discriminator property when every variant is a ``$ref`` to an object schema that has it."""
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, Mapping) or not isinstance(discriminator.get("propertyName"), str):
            return None
        name: str = discriminator["propertyName"]
        variants, _ = non_null_variants(schema)
        for variant in variants:
            if "$ref" not in variant:
                return None
            target = self.index.resolve(variant)
            if name not in (target.get("properties") or {}):
                return None
        return name


def is_constant(schema: Schema) -> bool:
    """``const``, or an inline enum of one string: the schema admits one value, typed ``Literal``."""
    values = schema.get("enum")
    return "const" in schema or (isinstance(values, list) and len(values) == 1 and isinstance(values[0], str))
