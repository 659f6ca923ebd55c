"""Request-side schemas -> the request dicts of ``mixpeek/params.pyi`` (IR only, no text).

Every generated method that takes a model also takes a plain dict (the runtime validates it into the model
before sending). The ``TypedDict`` forms built here let type checkers check such dicts: a misspelt key or a
value of the wrong type is an error. Rules:

* **Which schemas.** Every schema reachable from a request body or a parameter of any operation, through
  properties, array items, union members, ``allOf`` parts and ``additionalProperties``.
* **Which names.** An object schema gives ``TypedDict`` :func:`generator.naming.param_name` of its class,
  ``total=False`` with ``Required[...]`` on the fields the model requires (without declared properties: an
  alias of that name for the map ``Mapping[str, <value>]``/``Dict[str, Any]``); a ``oneOf``/``anyOf``
  schema an alias of that name for the ``Union`` of its members' dict forms. Enums, arrays and scalars get
  no name.
* **Keys.** The wire names (what a dict sent to the API holds). ``allOf`` is flattened (no inheritance, so
  no key is redeclared with another type); fields the API dropped (``x-deprecated-alias``) are left out.
* **Types.** What the model's validation accepts, for people writing literals: a field of a model or union
  schema takes ``Union[Model, ModelParam]`` (an instance or a dict), lists of them ``Sequence[...]`` and
  maps ``Mapping[str, ...]`` (read-only views, so a ``List[ModelParam]`` variable is accepted too; a list
  whose items may be ``str`` is ``SequenceNotStr[...]``, a protocol the stub declares that a ``str`` does
  not match, since validation refuses a string for a list); an enum
  ``Union[EnumClass, Literal[<values>]]``, an inline enum or constant its ``Literal`` (a discriminator the
  literal its union dispatches on); ``date-time``/``date`` strings ``Union[str, datetime]``/``Union[str,
  date]`` (ISO text is parsed); free-form objects ``Dict[str, Any]``; nullable values ``Optional[...]``.
  Optional keys that are not nullable do not take ``None``: leave them out.
* An object schema that allows undeclared fields still gets a closed ``TypedDict`` (the extra-keys form of
  PEP 728 is not supported by mypy yet): send undeclared fields in the model, which keeps them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Optional

from generator import naming
from generator.errors import GeneratorError
from generator.imports import sort_imports
from generator.ir import (
    Import,
    InitParam,
    ModelModule,
    ParamAlias,
    ParamDict,
    ParamField,
    ParamModule,
    TypeRef,
)
from generator.models import MODELS_PACKAGE, ModelBuilder, all_properties, kind_of
from generator.records import reachable
from generator.spec import Schema, SpecIndex, non_null_variants, ref_name, references
from generator.types import ANY, NONE, optional, typing_ref, union
from generator.value_types import ValueTypes, is_union

PARAMS_PACKAGE = "mixpeek.params"
PARAMS_MODULE = "mixpeek/params.py"
PARAMS_STUB = "mixpeek/params.pyi"
_TYPING_EXTENSIONS = "typing_extensions"
_PRIMITIVES = {"integer": "int", "number": "float", "boolean": "bool"}
_DATES = {"date-time": "datetime", "date": "date"}
_FREE_FORM = typing_ref("Dict[str, Any]", "Dict", "Any")
#: The protocol the stub declares for "any sequence but a str" (a str is a sequence of str).
SEQUENCE_NOT_STR = "SequenceNotStr"
_ADMITS_STR = re.compile(r"\b(str|Any)\b")


def request_roots(index: SpecIndex) -> set[str]:
    """The schemas named by the request bodies and parameters of every operation, and those whose fields the
    high-level client takes as keywords (`generator.client_fields.CLIENT_FIELDS`: the stage builders write
    schemas that a request holds only inside a free-form object, such as a stage's ``parameters``)."""
    from generator.client_fields import CLIENT_FIELDS  # it builds on this module

    roots = {schema for entry in CLIENT_FIELDS for schema in entry.schemas if schema in index.schemas}
    for _, _, operation in index.operations():
        body = operation.get("requestBody")
        if body:
            resolved = index.resolve(body) if "$ref" in body else body
            roots.update(references(resolved.get("content") or {}))
        for parameter in operation.get("parameters") or []:
            resolved = index.resolve(parameter) if "$ref" in parameter else parameter
            roots.update(references(resolved.get("schema") or {}))
    return roots


def _literal(values: list[Any]) -> TypeRef:
    """``Literal[...]`` of JSON values (floats, which ``Literal`` cannot hold, give ``float``)."""
    kept = [value for value in values if value is not None]
    if any(isinstance(value, float) for value in kept):
        merged = TypeRef(expr="float")
    elif kept:
        body = ", ".join(json.dumps(v) if isinstance(v, str) else repr(v) for v in kept)
        merged = typing_ref(f"Literal[{body}]", "Literal")
    else:
        merged = NONE
    return optional(merged) if None in values else merged


class ParamTypes(ValueTypes):
    """Maps schemas to what a request value of them may be: a model instance or its dict form."""

    free_form = _FREE_FORM

    def named(self, schema_name: str) -> Optional[str]:
        """The request dict name a schema gets (object or union), None when its type is written inline."""
        schema = self.index.schema(schema_name)
        kind = kind_of(schema)
        if kind == "model" or (kind == "alias" and is_union(schema)):
            return naming.param_name(self.index.class_names[schema_name])
        return None

    def _constant(self, schema: Schema) -> TypeRef:
        return _literal([schema["const"]] if "const" in schema else list(schema["enum"]))

    def dict_form(self, schema_name: str) -> TypeRef:
        """A union schema's request dict form: its members' dict forms (a model member its ``...Param``,
        an enum its values, anything else its type)."""
        schema = _without_self(schema_name, self.index.schema(schema_name))
        variants, nullable = non_null_variants(schema)
        forms = []
        for variant in variants:
            name = ref_name(variant["$ref"]) if "$ref" in variant else None
            param = self.named(name) if name is not None else None
            if name is not None and param is not None:
                forms.append(TypeRef(expr=param, imports=frozenset({(PARAMS_PACKAGE, param)})))
            elif name is not None and kind_of(self.index.schema(name)) == "enum":
                forms.append(_literal(list(self.index.schema(name)["enum"])))
            else:
                forms.append(self.type_of(variant))
        merged = union(forms) if forms else NONE
        return optional(merged) if nullable else merged

    def map_form(self, schema: Schema) -> TypeRef:
        """An object schema without declared properties: a map of its value type (``Dict[str, Any]`` when
        free-form), since any key is allowed."""
        return self._typed("object", {key: value for key, value in schema.items() if key != "properties"})

    def _ref(self, schema_name: str) -> TypeRef:
        class_name = self.index.class_names[schema_name]
        param = self.named(schema_name)
        if param is not None:
            return TypeRef(
                expr=f"Union[{class_name}, {param}]",
                models=frozenset({class_name}),
                imports=frozenset({("typing", "Union"), (PARAMS_PACKAGE, param)}),
            )
        schema = self.index.schema(schema_name)
        if kind_of(schema) == "enum":
            values = _literal(list(schema["enum"]))
            enum = TypeRef(expr=class_name, models=frozenset({class_name}))
            return union([enum, values])
        return self.inline(schema_name)

    def _typed(self, kind: str, schema: Schema) -> TypeRef:
        if kind == "string":
            fmt = schema.get("format")
            if fmt in _DATES:
                when = TypeRef(expr=_DATES[fmt], imports=frozenset({("datetime", _DATES[fmt])}))
                return union([TypeRef(expr="str"), when])
            return TypeRef(expr="bytes" if fmt == "binary" else "str")
        if kind in _PRIMITIVES:
            return TypeRef(expr=_PRIMITIVES[kind])
        if kind == "null":
            return NONE
        if kind == "array":
            items = schema.get("items")
            item = self.type_of(items) if isinstance(items, Mapping) and items else ANY
            return sequence_of(item)
        if kind == "object":
            extra = schema.get("additionalProperties")
            if schema.get("properties") or not isinstance(extra, Mapping) or not extra:
                return _FREE_FORM
            value = self.type_of(extra)
            if value.expr == "Any":
                return _FREE_FORM
            return typing_ref(f"Mapping[str, {value.expr}]", "Mapping", inner=[value])
        if kind == "any":
            return ANY
        raise GeneratorError(f"unsupported schema type {kind!r}")


def sequence_of(item: TypeRef) -> TypeRef:
    """``Sequence[item]``, or ``SequenceNotStr[item]`` when a ``str`` would be a ``Sequence[item]`` (items
    that may be ``str`` or ``Any``): a string given for a list is then a type error, as it is at run time."""
    if not _ADMITS_STR.search(item.expr):
        return typing_ref(f"Sequence[{item.expr}]", "Sequence", inner=[item])
    imports = item.imports | {(PARAMS_PACKAGE, SEQUENCE_NOT_STR)}
    return TypeRef(expr=f"{SEQUENCE_NOT_STR}[{item.expr}]", models=item.models, imports=imports)


def _without_self(schema_name: str, schema: Schema) -> Schema:
    """A union without members that are the union itself (they add nothing; see generator.models)."""
    key = "anyOf" if "anyOf" in schema else "oneOf"
    kept = [v for v in schema[key] if "$ref" not in v or ref_name(v["$ref"]) != schema_name]
    return {**schema, key: kept}


class ParamBuilder:
    """Builds the params module of one spec."""

    def __init__(self, index: SpecIndex, models: ModelBuilder, module_of: Mapping[str, str]) -> None:
        self.index = index
        self.models = models
        self.module_of = module_of
        self.types = ParamTypes(index)
        self.schemas = sorted(reachable(index, request_roots(index)))
        self.names = {name: param for name in self.schemas for param in [self.types.named(name)] if param}
        clashes = naming.param_name_clashes(self.names, dict(index.class_names))
        if clashes:
            raise GeneratorError("request dict names clash: " + "; ".join(clashes) + "; rename the schemas")

    def build(self) -> ParamModule:
        fields_of: dict[str, list[tuple[str, TypeRef, bool]]] = {}
        aliases: list[ParamAlias] = []
        refs: list[TypeRef] = []
        for schema_name in self.schemas:
            if schema_name not in self.names:
                continue
            schema = self.index.schema(schema_name)
            fields = self._fields(schema_name) if kind_of(schema) == "model" else []
            if fields:
                fields_of[schema_name] = fields
                refs.extend(ref for _, ref, _ in fields)
            else:
                ref = self.types.dict_form(schema_name) if is_union(schema) else self.types.map_form(schema)
                refs.append(ref)
                aliases.append(self._alias(schema_name, ref))
        imports = self._imports(refs, bool(fields_of))
        models = {name for item in imports if item.module.startswith(MODELS_PACKAGE) for name in item.names}
        shadowed = sorted(models & naming.PARAM_STUB_NAMES)
        if shadowed:
            raise GeneratorError(f"model classes {shadowed} clash with names mixpeek/params.pyi defines")
        taken = frozenset(self.names.values()) | {name for item in imports for name in item.names}
        dicts = [self._dict(schema_name, fields, taken) for schema_name, fields in fields_of.items()]
        return ParamModule(
            sequence_not_str=any((PARAMS_PACKAGE, SEQUENCE_NOT_STR) in ref.imports for ref in refs),
            imports=imports,
            dicts=tuple(sorted(dicts, key=lambda d: d.name)),
            aliases=tuple(sorted(aliases, key=lambda alias: alias.name)),
        )

    def _fields(self, schema_name: str) -> list[tuple[str, TypeRef, bool]]:
        class_name = self.index.class_names[schema_name]
        fields = []
        for prop in all_properties(self.index, self.index.schema(schema_name)):
            if prop.schema.get("x-deprecated-alias"):
                continue
            literal_values = self.models.literal_overrides.get((class_name, prop.wire))
            ref = _literal(list(literal_values)) if literal_values else self.types.type_of(prop.schema)
            fields.append((prop.wire, ref, self.models.field_required(class_name, prop)))
        return fields

    def _dict(
        self, schema_name: str, fields: list[tuple[str, TypeRef, bool]], taken: frozenset[str]
    ) -> ParamDict:
        return ParamDict(
            name=self.names[schema_name],
            schema_name=schema_name,
            model=self.index.class_names[schema_name],
            fields=tuple(
                ParamField(
                    key=wire,
                    key_source=json.dumps(wire),
                    type=f"Required[{ref.expr}]" if required else ref.expr,
                    required=required,
                )
                for wire, ref, required in fields
            ),
            class_syntax=all(naming.param_key_is_attribute(wire, taken) for wire, _, _ in fields),
        )

    def _alias(self, schema_name: str, ref: TypeRef) -> ParamAlias:
        return ParamAlias(
            name=self.names[schema_name],
            schema_name=schema_name,
            model=self.index.class_names[schema_name],
            type=ref.expr,
        )

    def _imports(self, refs: list[TypeRef], has_dicts: bool) -> tuple[Import, ...]:
        """The stub's imports: each model class from its own module (so a type checker reads only the models
        the dicts name, not the whole package), ``TypedDict`` and ``Required`` from typing_extensions (for
        Python 3.9), other names from where they live."""
        needed: dict[str, set[str]] = defaultdict(set)
        if has_dicts:
            needed[_TYPING_EXTENSIONS] |= {"TypedDict", "Required"}
        if any((PARAMS_PACKAGE, SEQUENCE_NOT_STR) in ref.imports for ref in refs):
            needed["typing"] |= {"Iterator", "Protocol", "Sequence", "SupportsIndex", "TypeVar", "overload"}
        for ref in refs:
            for model in ref.models:
                needed[f"{MODELS_PACKAGE}.{self.module_of[model]}"].add(model)
            for module, name in ref.imports:
                if module != PARAMS_PACKAGE:
                    needed[module].add(name)
        return sort_imports(needed)

    def with_typed_inits(self, modules: list[ModelModule]) -> list[ModelModule]:
        """The model modules with a type-checking ``__init__`` on every request-side model class, whose
        fields of a model type also take its dict, and the imports those signatures need."""
        return [self._module_with_inits(module) for module in modules]

    def _module_with_inits(self, module: ModelModule) -> ModelModule:
        classes, refs = [], []
        for cls in module.classes:
            if cls.schema_name not in self.names or kind_of(self.index.schema(cls.schema_name)) != "model":
                classes.append(cls)
                continue
            params = []
            for wire, ref, required in self._fields(cls.schema_name):
                accepted = ref if required else optional(ref)
                name = naming.init_parameter_name(wire, naming.safe_identifier(wire))
                params.append(InitParam(name=name, type=accepted.expr, required=required))
                refs.append(accepted)
            if not params:  # no declared fields: pydantic's own signature says the same
                classes.append(cls)
                continue
            classes.append(replace(cls, init_params=tuple(params)))
        if not refs:
            return module
        runtime = {name for item in module.imports for name in item.names} | set(module.members)
        needed: dict[str, set[str]] = defaultdict(set)
        for ref in refs:
            for model in ref.models - runtime:
                needed[f"{MODELS_PACKAGE}.{self.module_of[model]}"].add(model)
            for source, name in ref.imports:
                if name not in runtime:
                    needed[source].add(name)
        imports = module.imports
        if "TYPE_CHECKING" not in runtime:
            imports = _with_import(imports, "typing", "TYPE_CHECKING")
        return replace(
            module, classes=tuple(classes), imports=imports, type_checking_imports=sort_imports(needed)
        )


def _with_import(imports: tuple[Import, ...], module: str, name: str) -> tuple[Import, ...]:
    needed: dict[str, set[str]] = defaultdict(set)
    for item in imports:
        needed[item.module].update(item.names)
    needed[module].add(name)
    return sort_imports(needed)


def build_params(index: SpecIndex, models: ModelBuilder, module_of: Mapping[str, str]) -> ParamModule:
    """The params module of the spec (see the module docstring for the rules)."""
    return ParamBuilder(index, models, module_of).build()
