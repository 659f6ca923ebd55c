"""Paths -> API classes of the IR: a class per tag, an :class:`generator.ir.Operation` per (class, operation).

Rules:

* Every tag of the document's ``tags`` list gets a class, even one without operations (an API area the
  server does not offer any more keeps its documented class name); the config's ``extraTags`` declares
  such tags when the spec does not (a tag the spec declares wins). Which class a tag gets (and the merging
  of tags spelt two ways) is decided in :mod:`generator.tags`.
* Method name: the ``operationId``; an id of the form ``<name>__<suffix>`` (the suffix only keeps ids unique
  across the document) gives ``<name>``. Two operations with the same method name in one class are an error.
* Published names (``x-published-names``) become aliases in every class of the operation, except a name that
  already is a method of that class (the method wins; recorded in :attr:`ApiClass.skipped_aliases`).
  ``x-deprecated-aliases`` (names an earlier SDK had, see ``spec_builder.compat``) follow the same rule and
  become aliases that warn; ``x-retired-parameters`` go into the descriptor's ``retired``.
* Parameter order: required before optional; within each group path, query, header, cookie, then the body
  (or the form fields, in the order of the form schema). Names:
  :func:`generator.naming.safe_identifier` of the wire name (spec_builder removes the facts'
  ``x-python-name``, which agreed with it); the body is named by ``x-body-name``, else the snake_case of its
  schema's class, else ``body``.
* Return type: the JSON (else first) schema of the first 2xx response; ``None`` when it has no content.
* File form fields (``format: binary``) are ``is_file``; their descriptor type is ``str`` when the schema
  declares a string (the runtime then sends a ``str`` value as the file's content, as the published package
  sent it, and reads files from disk only for ``os.PathLike`` paths), else ``bytes`` (a ``str`` is a path).
* A JSON body that holds models is annotated to take their request dicts too (``accepts``, from
  :class:`generator.params.ParamTypes`: ``Union[CreateCollectionRequest, CreateCollectionRequestParam]``);
  its descriptor keeps the model type, which the runtime validates a dict into.
* Security: the names of the operation's (else the document's) requirements, sorted.
* Path, query and header parameters carry their schema's type and constraints in the descriptor
  (``type="Annotated[int, Field(ge=1, le=1000)]"``); the runtime validates values against them before sending.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, Optional

from generator import naming
from generator.config import MixinRef
from generator.errors import GeneratorError
from generator.imports import sort_imports
from generator.ir import ApiClass, Import, Operation, Param, TypeRef
from generator.models import MODELS_PACKAGE, describe
from generator.params import ParamTypes
from generator.spec import Schema, SpecIndex, first_media, schema_types
from generator.tags import DEFAULT_TAG, assign_tag_classes
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
        tag_overrides: Mapping[str, str] = {},
    ) -> None:
        self.index = index
        self.types = TypeMapper(index)
        self.param_types = ParamTypes(index)
        self.mixins = mixins
        self.tag_classes = assign_tag_classes(index.document, extra_tags, tag_overrides)

    def build(self) -> list[ApiClass]:
        per_class: dict[str, list[Operation]] = defaultdict(list)
        published: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        tags_of_class: dict[str, tuple[str, str]] = {}
        for assigned in self.tag_classes.values():  # every tag's class, even without operations
            tags_of_class[assigned.class_name] = (assigned.owner, assigned.doc)
            per_class[assigned.class_name] = []
        for path, http_method, raw in self.index.operations():
            tags = raw.get("tags") or [DEFAULT_TAG]
            # tags spelt two ways share a class: the operation is generated once into it
            for class_name in dict.fromkeys(self.tag_classes[tag].class_name for tag in tags):
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
                    f"both have the method name {operation.name!r} (if they come from two tags merged into "
                    "this class, give one tag its own class with tagClasses in openapi-generator-config.yaml)"
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
            aliases = _free_names(names, operation.name, taken, skipped)
            deprecated = _free_names(operation.deprecated_aliases, operation.name, taken, skipped)
            final.append(replace(operation, aliases=aliases, deprecated_aliases=deprecated))
        tag, doc = tag_and_doc
        bases = ["BaseApi"]
        imports: dict[str, set[str]] = {"mixpeek._runtime.api_base": {"BaseApi"}}
        if final:
            imports["mixpeek._runtime.operation"] = {"Operation"}
        if any(op.params for op in final):
            imports["mixpeek._runtime.operation"].add("Param")
        mixin = self.mixins.get(name)
        if any(op.deprecated_aliases for op in final):
            imports["mixpeek._runtime.deprecation"] = {"deprecated_alias"}
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
            refs += [param.accepts for param in operation.params if param.accepts is not None]
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
        doc = _method_doc(summary, http_method, path, security, params, return_type)
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
            deprecated_aliases=tuple(str(name) for name in raw.get("x-deprecated-aliases") or ()),
            retired=tuple(str(name) for name in raw.get("x-retired-parameters") or ()),
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
            ref, _, constraints = self.types.field_type(schema)
            params.append(
                Param(
                    name=naming.safe_identifier(spec_param["name"]),
                    wire=spec_param["name"],
                    location=location,
                    required=bool(spec_param.get("required")) or location == "path",
                    type=ref,
                    annotation=_annotation(ref, bool(spec_param.get("required")) or location == "path"),
                    descriptor_type=_constrained(ref.expr, constraints),
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
        accepts = self.param_types.type_of(schema) if ref.models else None
        return [
            Param(
                name=name,
                wire=name,
                location="body",
                required=bool(body.get("required")),
                type=ref,
                annotation=_annotation(accepts or ref, bool(body.get("required"))),
                accepts=accepts,
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
            file_type = "str" if "string" in schema_types(prop)[0] else "bytes"
            params.append(
                Param(
                    name=naming.safe_identifier(wire),
                    wire=wire,
                    location="form",
                    required=wire in required,
                    type=ref,
                    annotation=_annotation(ref, wire in required),
                    descriptor_type=file_type if is_file else ref.expr,
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


def _constrained(expr: str, constraints: list[tuple[str, str]]) -> str:
    """The descriptor type of a path, query or header parameter: its type with the schema's constraints
    (``Annotated[int, Field(ge=1, le=1000)]``), which the runtime validates before sending."""
    if not constraints:
        return expr
    return f"Annotated[{expr}, Field({', '.join(f'{key}={value}' for key, value in constraints)})]"


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
    summary: str,
    http_method: str,
    path: str,
    security: tuple[str, ...],
    params: list[Param],
    return_type: TypeRef,
) -> str:
    """The docstring of a generated method: what it does (the spec's words), then what the structure says,
    each once: its HTTP call and credentials, its arguments (each with the spec's words, then its location
    and whether it is required) and its result type.

    A GET's declared body is accepted for compatibility but never sent (the runtime's rule); its line says so.
    """
    call = f"{http_method} {path}"
    body_where = (
        "not sent: a GET request carries no body" if http_method in ("GET", "HEAD") else "request body"
    )
    lines = [summary or "Call the operation.", "", f"HTTP call: `{call}`. {credentials_sentence(security)}"]
    lines += ["", "Args:"]
    for param in params:
        text_file = param.is_file and param.descriptor_type == "str"
        form_where = "file field; a str is sent as its content" if text_file else "form field"
        wire = "" if param.wire == param.name else f" `{param.wire}`"
        where = {"body": body_where, "form": form_where}.get(param.location, f"{param.location}{wire}")
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


def _free_names(names: Iterable[str], method: str, taken: set[str], skipped: list[str]) -> tuple[str, ...]:
    """The alias names of a method the class does not have yet (each then taken); the others are skipped."""
    free = []
    for alias in names:
        if alias == method:
            continue
        if alias in taken:
            skipped.append(alias)
            continue
        taken.add(alias)
        free.append(alias)
    return tuple(free)
