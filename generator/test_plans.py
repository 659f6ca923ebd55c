"""The plan of each generated operation test: arguments, what the server must receive, what it answers.

Path parameters get a value that needs percent-encoding (:data:`PATH_SAMPLE`); query parameters of simple
types get sample values (optional date-time and object parameters are left out); bodies and responses are
schema samples from :class:`generator.samples.Sampler`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Optional
from urllib.parse import quote

from generator.errors import GeneratorError
from generator.ir import ApiClass, Operation, OperationTest, Param, ParamSample
from generator.literals import py_literal
from generator.samples import DATETIME_SAMPLE, Sampler
from generator.spec import Schema, SpecIndex, first_media, schema_types

#: What the path parameters of the generated tests are set to: characters that must be percent-encoded.
PATH_SAMPLE = "a b/../c"


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
        _, schema = first_media(raw["requestBody"].get("content") or {})
        return schema or {}

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
        members = inline_models(expr)
        union: tuple[str, ...] = ()
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
            elif len(members) == 1 and members[0] in self.model_classes:  # Optional[Model]
                check, model = "model", members[0]
            elif members and all(member in self.model_classes for member in members):
                check, union = "union", members
            elif expr == "str":
                check = "text"  # a text body, served as text/plain and handed over as it is
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
            response_union=union,
            body_models=tuple(
                param.type.expr
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
                return int(status), first_media(content)[1]
        raise GeneratorError(f"{raw.get('operationId')}: no 2xx response")


_JSON_CHECKS = ("model", "list", "union", "adapter", "equal")  # operations whose response is a JSON document


def inline_models(expr: str) -> tuple[str, ...]:
    """The class names of an inline ``Optional[X]``, ``Union[A, B]`` or ``Optional[Union[A, B]]`` type
    expression (a response schema the spec wrote in place rather than as a named union); else ()."""
    inner = re.fullmatch(r"Optional\[(.*)\]", expr)
    expr = inner.group(1) if inner else expr
    union = re.fullmatch(r"Union\[(.*)\]", expr)
    names = [name.strip() for name in (union.group(1) if union else expr).split(",")]
    if (inner or union) and all(re.fullmatch(r"\w+", name) for name in names):
        return tuple(names)
    return ()


def build_operation_tests(
    index: SpecIndex,
    sampler: Sampler,
    api_classes: list[ApiClass],
    module_of: Mapping[str, str],
    model_classes: set[str],
) -> list[OperationTest]:
    """The test plan of every (class, operation); the first JSON operation of each class also covers the
    ``_with_http_info`` and ``_without_preload_content`` forms."""
    planner = OperationPlanner(index, sampler, module_of, model_classes)
    plans: list[OperationTest] = []
    for api in api_classes:
        planned = [planner.plan(api, operation) for operation in api.operations]
        first_json = next((i for i, plan in enumerate(planned) if plan.response_check in _JSON_CHECKS), None)
        if first_json is not None:
            planned[first_json] = replace(planned[first_json], covers_variants=True)
        plans.extend(planned)
    return plans
