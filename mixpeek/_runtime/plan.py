"""The per-operation plan: everything about an `Operation` computed once, then reused by every call."""

from __future__ import annotations

import re
import threading
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from pydantic import TypeAdapter, ValidationError

from mixpeek._runtime.decoding import Decoder
from mixpeek._runtime.lenient import adapter
from mixpeek._runtime.operation import (
    JSON_MEDIA,
    Operation,
    Param,
    default_content_type,
    default_idempotent,
)
from mixpeek._runtime.serialize import form_mode
from mixpeek._runtime.types import resolve_type
from mixpeek._runtime.validation import invalid_parameter
from mixpeek.exceptions import ApiTypeError

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
#: Methods whose requests never carry a body (as the published package sent them, and as HTTP expects).
BODILESS_METHODS = frozenset({"GET", "HEAD"})
_UNRESOLVED = object()
_lock = threading.Lock()


class Plan:
    """Precomputed pieces of one operation: path template, parameter positions, headers, decoders."""

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.label = op.label
        self.method = op.method.upper()
        self.arity = len(op.params)
        self.required: Tuple[Tuple[int, str], ...] = tuple(
            (index, param.name) for index, param in enumerate(op.params) if param.required
        )
        self.path_pieces = _path_pieces(op)
        # the same template as a format string: literal braces escaped, one "{}" per path parameter
        self.path_format = "".join(
            piece.replace("{", "{{").replace("}", "}}") if isinstance(piece, str) else "{}"
            for piece in self.path_pieces
        )
        self.path_indexes: Tuple[int, ...] = tuple(p for p in self.path_pieces if isinstance(p, int))
        self.query: Tuple[Tuple[int, str], ...] = self._located("query")
        self.headers: Tuple[Tuple[int, str], ...] = self._located("header")
        self.typed_params = any(
            p.location in _CHECKED_LOCATIONS and p.type not in ("Any", Any) for p in op.params
        )
        self.form: Tuple[Tuple[int, str, str], ...] = tuple(
            (index, param.wire, form_mode(param.is_file, param.type))
            for index, param in enumerate(op.params)
            if param.location == "form"
        )
        bodies = [(index, param) for index, param in enumerate(op.params) if param.location == "body"]
        self.body: Optional[Tuple[int, Param]] = bodies[0] if bodies else None
        # A GET or HEAD never carries a body: a declared one is accepted and not sent (see `unsent_body`).
        self.unsent_body: Optional[Tuple[int, Param]] = None
        if self.method in BODILESS_METHODS and self.body is not None:
            self.unsent_body, self.body = self.body, None
        # the descriptor's defaults (see mixpeek._runtime.operation), resolved once
        content_type = op.content_type or default_content_type(param.location for param in op.params)
        if self.unsent_body is not None:
            content_type = None
        self.content_type = content_type
        media = (content_type or "").split(";")[0].strip().lower()
        self.multipart = media == "multipart/form-data"
        self.urlencoded = media == "application/x-www-form-urlencoded"
        self.json_body = media == JSON_MEDIA or media.endswith("+json") or media == ""
        self.response_media = response_media = op.response_media or JSON_MEDIA
        self.accept = (
            JSON_MEDIA if "json" in response_media and "ndjson" not in response_media else response_media
        )
        self.bearer = "BearerAuth" in op.security
        self.namespace = "NamespaceHeader" in op.security
        self.idempotent = default_idempotent(self.method) if op.idempotent is None else op.idempotent
        self._body_type: Any = _UNRESOLVED
        self._decoders: Dict[int, Decoder] = {}
        self._param_checks: Optional[Tuple[ParamCheck, ...]] = None

    def _located(self, location: str) -> Tuple[Tuple[int, str], ...]:
        return tuple((i, p.wire) for i, p in enumerate(self.op.params) if p.location == location)

    def param_checks(self) -> Tuple[ParamCheck, ...]:
        """The checks of the path, query and header parameters that declare a type (built on first use)."""
        checks = self._param_checks
        if checks is None:
            checks = self._param_checks = _param_checks(self.op)
        return checks

    def body_type(self) -> Any:
        """The request body's declared type (resolved on first use)."""
        if self._body_type is _UNRESOLVED and self.body is not None:
            self._body_type = resolve_type(self.body[1].type)
        return None if self._body_type is _UNRESOLVED else self._body_type

    def decoder(self, status: int) -> Decoder:
        """The decoder for a 2xx status, from the most specific declaration ("201", "2XX", "default")."""
        found = self._decoders.get(status)
        if found is None:
            found = Decoder(resolve_type(self._expression_for(status)))
            with _lock:
                self._decoders[status] = found
        return found

    def _expression_for(self, status: int) -> Any:
        responses = self.op.responses
        for key in (str(status), f"{status // 100}XX", f"{status // 100}xx"):
            if key in responses:
                return responses[key]
        for key, expression in responses.items():  # another 2xx declared: same body shape
            if key.startswith("2"):
                return expression
        return responses.get("default", "Any")


#: Classes sent as given, without validation, for a parameter declared with exactly this type (the common
#: case stays a class test); an int for a float parameter is kept as is (sent as "5", not "5.0").
_SENT_AS_GIVEN: Dict[Any, Tuple[type, ...]] = {str: (str,), int: (int,), bool: (bool,), float: (float, int)}
_CHECKED_LOCATIONS = ("path", "query", "header")


class ParamCheck(NamedTuple):
    """How one parameter's value is validated: values of `as_given` classes pass; others are validated (and
    coerced, in pydantic's lax mode: "5" for an int becomes 5) by `adapter`, which raises
    `ValidationError`."""

    position: int  # in the operation's parameters
    name: str
    as_given: Tuple[type, ...]
    adapter: TypeAdapter[Any]


def _param_checks(op: Operation) -> Tuple[ParamCheck, ...]:
    checks = []
    for index, param in enumerate(op.params):
        if param.location not in _CHECKED_LOCATIONS or param.type in ("Any", Any):
            continue
        declared = resolve_type(param.type)
        as_given = next((classes for tp, classes in _SENT_AS_GIVEN.items() if tp is declared), ())
        checks.append(ParamCheck(index, param.name, as_given, adapter(declared)))
    return tuple(checks)


def checked_arguments(plan: Plan, args: Sequence[Any]) -> Sequence[Any]:
    """`args` with each typed path, query and header value validated against its declared type.

    A value that pydantic's lax mode accepts is sent in its validated form; one it refuses raises
    `RequestValidationError` naming the operation and the parameter, before anything is sent (worded by
    `validation.invalid_parameter`, as body errors are).
    """
    copied: Optional[List[Any]] = None
    for position, name, as_given, type_adapter in plan.param_checks():
        value = args[position]
        if value is None or value.__class__ in as_given:
            continue
        try:
            validated = type_adapter.validate_python(value)
        except ValidationError as exc:
            location = plan.op.params[position].location
            raise invalid_parameter(plan.label, name, location, value, exc) from exc
        if validated.__class__ is float and value.__class__ is int:
            continue  # an int for a number parameter is sent as given ("5", not "5.0")
        if copied is None:
            copied = list(args)
        copied[position] = validated
    return args if copied is None else copied


def _path_pieces(op: Operation) -> Tuple[Union[str, int], ...]:
    """The path template as literal strings and argument positions."""
    by_wire = {p.wire: i for i, p in enumerate(op.params) if p.location == "path"}
    by_name = {p.name: i for i, p in enumerate(op.params) if p.location == "path"}
    pieces: List[Union[str, int]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(op.path):
        if match.start() > position:
            pieces.append(op.path[position : match.start()])
        name = match.group(1)
        index = by_wire.get(name, by_name.get(name))
        if index is None:
            raise ApiTypeError(f"{op.label}: the path {op.path!r} names {{{name}}} but no path parameter")
        pieces.append(index)
        position = match.end()
    if position < len(op.path):
        pieces.append(op.path[position:])
    return tuple(pieces)


def plan_for(op: Operation) -> Plan:
    """The cached plan of an operation (stored on the frozen descriptor on first use)."""
    plan = op.__dict__.get("_plan")
    if plan is None:
        plan = Plan(op)
        object.__setattr__(op, "_plan", plan)
    return plan
