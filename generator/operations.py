"""Paths -> API classes of the IR: a class per tag, an :class:`generator.ir.Operation` per (class, operation).

Rules:

* Every tag of the document's ``tags`` list gets a class, even one without operations (an API area the
  server does not offer any more keeps its documented class name); the config's ``extraTags`` declares
  such tags when the spec does not (a tag the spec declares wins).
* Method name: the ``operationId``; an id of the form ``<name>__<suffix>`` (the suffix only keeps ids unique
  across the document) gives ``<name>``. Two operations with the same method name in one class are an error.
* Published names (``x-published-names``) become aliases in every class of the operation, except a name that
  already is a method of that class (the method wins; recorded in :attr:`ApiClass.skipped_aliases`).
* Parameter order: required before optional; within each group path, query, header, cookie, then the body
  (or the form fields, in the order of the form schema). Names:
  :func:`generator.naming.safe_identifier` of the wire name (spec_builder removes the facts'
  ``x-python-name``, which agreed with it); the body is named by ``x-body-name``, else the snake_case of its
  schema's class, else ``body``.
* Return type: the JSON (else first) schema of the first 2xx response; ``None`` when it has no content.
* Security: the names of the operation's (else the document's) requirements, sorted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Optional

from generator import naming
from generator.config import MixinRef
from generator.errors import GeneratorError
from generator.imports import sort_imports
from generator.ir import ApiClass, Import, Operation, Param, TypeRef
from generator.models import MODELS_PACKAGE, describe
from generator.spec import Schema, SpecIndex, first_media
from generator.types import ANY, NONE, TypeMapper, optional, typing_ref

_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3, "body": 4, "form": 4}
_IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
#: Names every generated method has besides the spec's parameters.
_SDK_PARAMETERS = frozenset({"self", "authorization", "x_namespace", "options"})
#: File form fields take what the runtime can send: content, a path, (filename, content) or a binary file.
FILE_TYPE = typing_ref("Union[bytes, str, Tuple[str, bytes], IO[bytes]]", "Union", "Tuple", "IO")


def is_idempotent(http_method: str, path: str) -> bool:
    """GET/PUT/DELETE/HEAD/OPTIONS, and POST reads whose path ends in ``/list``."""
    return http_method in _IDEMPOTENT_METHODS or (
        http_method == "POST" and path.rstrip("/").endswith("/list")
    )


class OperationBuilder:
    """Builds the API classes of one spec."""

    def __init__(
        self,
        index: SpecIndex,
        mixins: Mapping[str, MixinRef],
        extra_tags: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.index = index
        self.types = TypeMapper(index)
        self.mixins = mixins
        self.extra_tags = extra_tags
        self.tag_classes = self._tag_classes()

    def _tag_classes(self) -> dict[str, tuple[str, str]]:
        """tag -> (class name, description)."""
        result: dict[str, tuple[str, str]] = {}
        owners: dict[str, str] = {}
        declared = list(self.index.document.get("tags") or [])
        names = {tag["name"] for tag in declared}
        declared += [{"name": name, "description": doc} for name, doc in self.extra_tags if name not in names]
        for tag in declared:
            name = tag.get("x-mixpeek-api-class") or naming.api_class_name(tag["name"])
            if name in owners:
                raise GeneratorError(
                    f"tags {owners[name]!r} and {tag['name']!r} both map to the class {name}"
                )
            owners[name] = tag["name"]
            result[tag["name"]] = (name, describe(tag))
        return result

    def _class_of_tag(self, tag: str) -> tuple[str, str]:
        if tag not in self.tag_classes:
            name = naming.api_class_name(tag)
            if name in {cls for cls, _ in self.tag_classes.values()}:
                raise GeneratorError(f"undeclared tag {tag!r} maps to the class {name} of another tag")
            self.tag_classes[tag] = (name, "")
        return self.tag_classes[tag]

    def build(self) -> list[ApiClass]:
        per_class: dict[str, list[Operation]] = defaultdict(list)
        published: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        tags_of_class: dict[str, tuple[str, str]] = {}
        for tag, (class_name, doc) in self.tag_classes.items():  # declared tags, even without operations
            tags_of_class[class_name] = (tag, doc)
            per_class[class_name] = []
        for path, http_method, raw in self.index.operations():
            tags = raw.get("tags") or ["Default"]
            for tag in tags:
                class_name, doc = self._class_of_tag(tag)
                tags_of_class[class_name] = (tag, doc)
                operation = self._operation(class_name, path, http_method, raw)
                per_class[class_name].append(operation)
                published[class_name].append((operation.name, tuple(raw.get("x-published-names") or ())))
        return [
            self._api_class(name, tags_of_class[name], per_class[name], published[name])
            for name in sorted(per_class)
        ]

    def _api_class(
        self,
        name: str,
        tag_and_doc: tuple[str, str],
        operations: list[Operation],
        published: list[tuple[str, tuple[str, ...]]],
    ) -> ApiClass:
        methods: dict[str, Operation] = {}
        for operation in operations:
            if operation.name in methods:
                other = methods[operation.name]
                raise GeneratorError(
                    f"{name}: {other.http_method} {other.path} and {operation.http_method} {operation.path} "
                    f"both have the method name {operation.name!r}"
                )
            methods[operation.name] = operation
        skipped: list[str] = []
        final: list[Operation] = []
        taken = (
            set(methods)
            | {f"{m}_with_http_info" for m in methods}
            | {f"{m}_without_preload_content" for m in methods}
        )
        for operation, (_, names) in zip(operations, published):
            aliases = []
            for alias in names:
                if alias == operation.name:
                    continue
                if alias in taken:
                    skipped.append(alias)
                    continue
                taken.add(alias)
                aliases.append(alias)
            final.append(_with_aliases(operation, tuple(aliases)))
        tag, doc = tag_and_doc
        bases = ["BaseApi"]
        imports: dict[str, set[str]] = {"mixpeek._runtime.api_base": {"BaseApi"}}
        if final:
            imports["mixpeek._runtime.operation"] = {"Operation"}
        if any(op.params for op in final):
            imports["mixpeek._runtime.operation"].add("Param")
        mixin = self.mixins.get(name)
        if mixin is not None:
            bases.append(mixin.class_name)
            imports.setdefault(mixin.module, set()).add(mixin.class_name)
        return ApiClass(
            name=name,
            module=naming.module_name(name),
            tag=tag,
            doc=doc or f"Operations of the {tag} group of the Mixpeek API.",
            bases=tuple(bases),
            imports=sort_imports(imports),
            type_checking_imports=self._type_imports(final),
            operations=tuple(sorted(final, key=lambda op: op.name)),
            skipped_aliases=tuple(sorted(skipped)),
        )

    def _type_imports(self, operations: list[Operation]) -> tuple[Import, ...]:
        needed: dict[str, set[str]] = defaultdict(set)
        if not operations:
            return ()
        needed["typing"].update({"Optional"})
        needed["typing_extensions"].add("Unpack")
        needed["mixpeek._runtime.operation"].add("RequestOptions")
        needed["mixpeek.api_response"].add("ApiResponse")
        needed["mixpeek.rest"].add("RESTResponse")
        for operation in operations:
            refs = [param.type for param in operation.params] + [operation.return_type]
            for ref in refs:
                for source, name in ref.imports:
                    needed[source].add(name)
                for model in ref.models:
                    needed[MODELS_PACKAGE].add(model)
        return sort_imports(needed)

    # one operation ----------------------------------------------------------------------------------------
    def _operation(self, class_name: str, path: str, http_method: str, raw: Mapping[str, Any]) -> Operation:
        if "operationId" not in raw:
            raise GeneratorError(f"{http_method} {path}: no operationId")
        try:
            name = naming.method_name(raw["operationId"])
        except ValueError as error:
            raise GeneratorError(f"{http_method} {path}: {error}") from None
        params = self._params(path, http_method, raw)
        responses, return_type, media = self._responses(path, http_method, raw)
        content_type = None
        body = raw.get("requestBody")
        if body:
            content_type, _ = first_media(body.get("content") or {"application/json": {}})
        summary = describe(raw) or str(raw.get("summary") or "")
        security = self._security(raw)
        doc = _method_doc(summary, f"{http_method} {path}", security, params, return_type)
        return Operation(
            name=name,
            constant=naming.operation_constant(name),
            api_class=class_name,
            http_method=http_method,
            path=path,
            params=tuple(params),
            responses=tuple(responses),
            return_type=return_type,
            content_type=content_type,
            response_media=media,
            security=security,
            idempotent=is_idempotent(http_method, path),
            deprecated=bool(raw.get("deprecated")),
            summary=summary,
            doc=doc,
        )

    def _security(self, raw: Mapping[str, Any]) -> tuple[str, ...]:
        requirements = raw.get("security", self.index.document.get("security") or [])
        return tuple(sorted({scheme for requirement in requirements for scheme in requirement}))

    def _params(self, path: str, http_method: str, raw: Mapping[str, Any]) -> list[Param]:
        params: list[Param] = []
        for spec_param in raw.get("parameters") or []:
            spec_param = self.index.resolve(spec_param) if "$ref" in spec_param else spec_param
            location = spec_param["in"]
            if location == "cookie":
                raise GeneratorError(f"{http_method} {path}: cookie parameters are not supported")
            schema = spec_param.get("schema") or {}
            ref, _, _ = self.types.field_type(schema)
            params.append(
                Param(
                    name=naming.safe_identifier(spec_param["name"]),
                    wire=spec_param["name"],
                    location=location,
                    required=bool(spec_param.get("required")) or location == "path",
                    type=ref,
                    annotation=_annotation(ref, bool(spec_param.get("required")) or location == "path"),
                    descriptor_type=None,
                    is_file=False,
                    description=describe(spec_param),
                )
            )
        params.extend(self._body_params(path, http_method, raw))
        seen: dict[str, str] = {}
        for param in params:
            if param.name in _SDK_PARAMETERS:
                raise GeneratorError(
                    f"{http_method} {path}: parameter {param.wire!r} maps to {param.name!r}, which every "
                    "method already has (credentials belong in the operation's security, not its parameters)"
                )
            if param.name in seen:
                raise GeneratorError(
                    f"{http_method} {path}: parameters {seen[param.name]!r} and {param.wire!r} both map to "
                    f"the Python name {param.name!r}"
                )
            seen[param.name] = param.wire
        return sorted(params, key=lambda p: (not p.required, _LOCATION_ORDER[p.location]))

    def _body_params(self, path: str, http_method: str, raw: Mapping[str, Any]) -> list[Param]:
        body = raw.get("requestBody")
        if not body:
            return []
        body = self.index.resolve(body) if "$ref" in body else body
        content = body.get("content") or {}
        media, schema = first_media(content)
        schema = schema or {}
        if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return self._form_params(schema)
        ref, _, _ = self.types.field_type(schema)
        explicit = raw.get("x-body-name")
        body_class = self.index.class_of_ref(schema["$ref"]) if "$ref" in schema else None
        name = naming.body_parameter_name(str(explicit) if explicit else None, body_class)
        return [
            Param(
                name=name,
                wire=name,
                location="body",
                required=bool(body.get("required")),
                type=ref,
                annotation=_annotation(ref, bool(body.get("required"))),
                descriptor_type=ref.expr,
                is_file=False,
                description=describe(body) or "The request body.",
            )
        ]

    def _form_params(self, schema: Schema) -> list[Param]:
        target = self.index.resolve(schema)
        required = set(target.get("required") or [])
        params = []
        for wire, prop in (target.get("properties") or {}).items():
            is_file = prop.get("format") == "binary"
            ref = FILE_TYPE if is_file else self.types.field_type(prop)[0]
            params.append(
                Param(
                    name=naming.safe_identifier(wire),
                    wire=wire,
                    location="form",
                    required=wire in required,
                    type=ref,
                    annotation=_annotation(ref, wire in required),
                    descriptor_type="bytes" if is_file else ref.expr,
                    is_file=is_file,
                    description=describe(prop),
                )
            )
        return params

    def _responses(
        self, path: str, http_method: str, raw: Mapping[str, Any]
    ) -> tuple[list[tuple[str, str]], TypeRef, str]:
        responses: list[tuple[str, str]] = []
        return_type: Optional[TypeRef] = None
        media = "application/json"
        for status, response in (raw.get("responses") or {}).items():
            response = self.index.resolve(response) if "$ref" in response else response
            content = response.get("content") or {}
            if not content:
                ref, response_media = NONE, media
            else:
                response_media, schema = first_media(content)
                ref = self.types.type_of(schema) if schema else ANY
            responses.append((str(status), ref.expr))
            if return_type is None and str(status).startswith("2"):
                return_type, media = ref, response_media
        if return_type is None:
            raise GeneratorError(f"{http_method} {path}: no 2xx response")
        return responses, return_type, media


def _annotation(ref: TypeRef, required: bool) -> str:
    return ref.expr if required else optional(ref).expr


def credentials_sentence(security: tuple[str, ...]) -> str:
    """What credentials an operation needs, from its security schemes (docstrings and reference pages)."""
    if not security:
        return "No API key is needed."
    if "NamespaceHeader" in security:
        return "Needs an API key and a namespace."
    return "Needs an API key."


def _method_doc(
    summary: str, call: str, security: tuple[str, ...], params: list[Param], return_type: TypeRef
) -> str:
    """The docstring of a generated method: what it does (the spec's words), then what the structure says,
    each once: its HTTP call and credentials, its arguments (each with the spec's words, then its location
    and whether it is required) and its result type."""
    lines = [summary or "Call the operation.", "", f"HTTP call: `{call}`. {credentials_sentence(security)}"]
    lines += ["", "Args:"]
    for param in params:
        wire = "" if param.wire == param.name else f" `{param.wire}`"
        where = {"body": "request body", "form": "form field"}.get(param.location, f"{param.location}{wire}")
        need = "required" if param.required else "optional"
        text = param.description.replace("\n", " ") if param.description else "No description."
        lines.append(f"    {param.name}: {text} ({where}, {need})")
    lines.append("    authorization: `Bearer <API key>` for this call instead of the configured key.")
    lines.append("    x_namespace: The namespace for this call instead of the configured one.")
    lines.append(
        "    **options: Per-call request options (timeout, extra headers, retries); see RequestOptions."
    )
    lines.extend(["", f"Returns: {return_type.expr}."])
    return "\n".join(lines)


def _with_aliases(operation: Operation, aliases: tuple[str, ...]) -> Operation:
    return replace(operation, aliases=aliases)
