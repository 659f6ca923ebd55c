"""Sample values synthesised from schemas for the generated tests, and the test plan of every operation.

A sample is the smallest valid value: objects carry their required properties (and discriminator values),
arrays one item when an item can be built, strings respect length bounds and simple regex patterns, numbers
their bounds. A required property that could only be built by recursing into a schema already being built
falls back to ``null`` (when nullable) or an empty array; when even that fails the schema has no sample, which
is an error for the schemas the tests need.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Optional
from urllib.parse import quote

from generator.errors import GeneratorError
from generator.ir import ApiClass, ModelModule, ModelSample, Operation, OperationTest, Param, ParamSample
from generator.literals import py_literal
from generator.spec import Schema, SpecIndex, non_null_variants, ref_name, schema_types

#: What the path parameters of the generated tests are set to: characters that must be percent-encoded.
PATH_SAMPLE = "a b/../c"
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
    if isinstance(schema.get("default"), str):
        candidates.insert(0, schema["default"])
    for candidate in candidates:
        value = candidate + "x" * max(0, lo - len(candidate))
        if isinstance(hi, int) and len(value) > hi:
            value = value[:hi]
        if len(value) >= lo and (not isinstance(pattern, str) or re.search(pattern, value)):
            return value
    raise GeneratorError(f"no sample string satisfies {dict(schema)!r}")


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

    def __init__(self, index: SpecIndex, literal_overrides: Mapping[tuple[str, str], list[str]]) -> None:
        self.index = index
        self.literal_overrides = literal_overrides

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

    def sample_named(self, name: str, stack: tuple[str, ...]) -> Any:
        schema = self.index.schema(name)
        if "properties" in schema or "allOf" in schema:
            return self._object(schema, stack, self.index.class_names[name])
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

    def _object(self, schema: Schema, stack: tuple[str, ...], class_name: Optional[str]) -> Any:
        properties, required = self._properties(schema)
        result: dict[str, Any] = {}
        for wire, prop in properties.items():
            literal = self.literal_overrides.get((class_name, wire)) if class_name else None
            if literal:
                result[wire] = literal[0]
            elif wire in required:
                result[wire] = self._required_value(prop, stack)
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
    """A sample for every model class (enums and aliases are covered through the classes that use them)."""
    samples: list[ModelSample] = []
    for module in modules:
        for cls in module.classes:
            try:
                value = sampler.sample_named(cls.schema_name, (cls.schema_name,))
            except NoSample as error:
                raise GeneratorError(f"schema {cls.schema_name!r} has no finite sample ({error})") from None
            samples.append(ModelSample(name=cls.name, module=module.module, sample_json=json.dumps(value)))
    return sorted(samples, key=lambda sample: sample.name)


# operations ------------------------------------------------------------------------------------------------
def _query_value(param: Param, schema: Schema, sampler: Sampler) -> Optional[tuple[str, list[str]]]:
    """(Python source of the argument, the values the server must see) or None to leave it out."""
    target = sampler.index.resolve(schema)
    types, _ = schema_types(target)
    if "enum" in target:
        value = sampler.sample(target)
        return repr(value), [str(value)]
    if target.get("format") == "date-time":
        return (repr(DATETIME_SAMPLE), [DATETIME_SAMPLE]) if param.required else None
    kind = types[0] if types else ""
    if kind == "boolean":
        return "True", ["true"]
    if kind in ("integer", "number", "string"):
        value = sampler.sample(target)
        return repr(value), [str(value)]
    if kind == "array" and schema_types(target.get("items") or {})[0] == ["string"]:
        return '["a", "b"]', ["a", "b"]
    if param.required:
        raise GeneratorError(f"parameter {param.wire!r}: no test value for its schema {dict(schema)!r}")
    return None


def _path_value(schema: Schema) -> tuple[str, str]:
    types, _ = schema_types(schema)
    if types and types[0] == "integer":
        return "7", "7"
    return repr(PATH_SAMPLE), quote(PATH_SAMPLE, safe="")


class OperationPlanner:
    """Plans the generated test of each operation."""

    def __init__(
        self, index: SpecIndex, sampler: Sampler, module_of: Mapping[str, str], model_classes: set[str]
    ):
        self.index = index
        self.sampler = sampler
        self.module_of = module_of
        self.model_classes = model_classes
        self.raw = {(method, path): raw for path, method, raw in index.operations()}

    def plan(self, api: ApiClass, operation: Operation) -> OperationTest:
        raw = self.raw[(operation.http_method, operation.path)]
        spec_params = {(p["in"], p["name"]): p for p in raw.get("parameters") or []}
        args: list[ParamSample] = []
        path = operation.path
        query: dict[str, list[str]] = {}
        body_source: Optional[str] = None
        multipart = False
        for param in operation.params:
            if param.location == "path":
                source, encoded = _path_value(spec_params[("path", param.wire)].get("schema") or {})
                path = path.replace("{" + param.wire + "}", encoded)
                args.append(ParamSample(param.name, source, "path", param.wire, repr(encoded)))
            elif param.location == "query":
                planned = _query_value(
                    param, spec_params[("query", param.wire)].get("schema") or {}, self.sampler
                )
                if planned is not None:
                    query[param.wire] = planned[1]
                    args.append(ParamSample(param.name, planned[0], "query", param.wire, repr(planned[1])))
            elif param.location == "header":
                args.append(
                    ParamSample(param.name, repr("header-value"), "header", param.wire, repr("header-value"))
                )
            elif param.location == "form":
                multipart = True
                if param.is_file:
                    args.append(
                        ParamSample(
                            param.name, repr(b"file-content"), "form", param.wire, repr(b"file-content")
                        )
                    )
                elif param.required:
                    args.append(
                        ParamSample(param.name, repr("form-value"), "form", param.wire, repr(b"form-value"))
                    )
            else:
                body_schema = self._body_schema(raw)
                value = self.sampler.sample(body_schema)
                body_source = py_literal(value)
                args.append(
                    ParamSample(
                        param.name, self._body_argument(param, value), "body", param.wire, body_source
                    )
                )
        return self._finish(api, operation, raw, args, path, query, body_source, multipart)

    def _body_schema(self, raw: Mapping[str, Any]) -> Schema:
        content = raw["requestBody"].get("content") or {}
        media = "application/json" if "application/json" in content else next(iter(content))
        schema: Schema = content[media].get("schema") or {}
        return schema

    def _body_argument(self, param: Param, value: Any) -> str:
        """A model body is passed as the model built from the sample; anything else as the JSON value."""
        if param.type.expr in self.model_classes:
            return f"{param.type.expr}.from_dict({py_literal(value)})"
        return py_literal(value)

    def _finish(
        self,
        api: ApiClass,
        operation: Operation,
        raw: Mapping[str, Any],
        args: list[ParamSample],
        path: str,
        query: dict[str, list[str]],
        body_source: Optional[str],
        multipart: bool,
    ) -> OperationTest:
        status, schema = self._success(raw)
        expr = operation.return_type.expr
        response: Any = None
        check = "none"
        model: Optional[str] = None
        if operation.response_media != "application/json":
            check, response = "none", "streamed"
        elif expr == "None":
            check = "is_none"
        else:
            response = self.sampler.sample(schema) if schema else {"key": "value"}
            list_match = re.fullmatch(r"List\[(\w+)\]", expr)
            if expr in self.model_classes:
                check, model = "model", expr
            elif list_match and list_match.group(1) in self.model_classes:
                check, model = "list", list_match.group(1)
            elif expr in self.module_of:
                check, model = "adapter", expr
            else:
                check = "equal"
        return OperationTest(
            api_class=api.name,
            api_module=api.module,
            operation=operation,
            args=tuple(args),
            expected_path=path,
            expected_query_source=py_literal(query),
            expected_body_source=body_source,
            multipart=multipart,
            response_status=status,
            response_body_source=None if check == "is_none" else py_literal(response),
            response_check=check,
            response_model=model,
            response_model_module=self.module_of.get(model) if model else None,
            model_imports=tuple(
                (param.type.expr, self.module_of[param.type.expr])
                for param in operation.params
                if param.location == "body" and param.type.expr in self.model_classes
            ),
        )

    def _success(self, raw: Mapping[str, Any]) -> tuple[int, Optional[Schema]]:
        for status, response in (raw.get("responses") or {}).items():
            if str(status).startswith("2"):
                content = response.get("content") or {}
                if not content:
                    return int(status), None
                media = "application/json" if "application/json" in content else next(iter(content))
                return int(status), content[media].get("schema")
        raise GeneratorError(f"{raw.get('operationId')}: no 2xx response")


def build_operation_tests(
    index: SpecIndex,
    sampler: Sampler,
    api_classes: list[ApiClass],
    module_of: Mapping[str, str],
    model_classes: set[str],
) -> list[OperationTest]:
    planner = OperationPlanner(index, sampler, module_of, model_classes)
    return [planner.plan(api, operation) for api in api_classes for operation in api.operations]
