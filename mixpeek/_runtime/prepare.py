"""The steps that turn one call's arguments into a request, one job each, in the order `ApiClient` runs them.

1. `bind`: the call's options and positional arguments checked against the operation (names, arity,
   required values, parameter types);
2. `target`: the path with its parameters percent-encoded, and the query string;
3. `body`: the encoded body and its Content-Type;
4. `credential_headers`, `parameter_headers`, `caller_headers`: the headers, from the client, the
   configuration's credentials, the operation's header parameters and the call's options; `checked_headers`
   refuses any value that would split a header;
5. `policy`: the retry policy of this call.

Like httpx and openai-python, which build a request in separate steps (URL, headers, content) before sending,
each step is a function of what it needs, so it can be read and tested alone; `ApiClient._prepare` only
chains them. Nothing here reads the configuration or sends anything.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, List, Optional, Sequence, Tuple

from mixpeek._runtime import serialize
from mixpeek._runtime.deprecation import warn_retired_parameter
from mixpeek._runtime.operation import OPTION_NAMES
from mixpeek._runtime.plan import Plan, checked_arguments
from mixpeek._runtime.retry import RetryPolicy
from mixpeek._runtime.scrub import MaskedHeaders
from mixpeek.exceptions import ApiTypeError, ApiValueError


class UnsentBodyWarning(UserWarning):
    """A body was given to a GET or HEAD operation: it is not sent."""


def bind(
    plan: Plan, args: Sequence[Any], options: Optional[Mapping[str, Any]]
) -> Tuple[Sequence[Any], Mapping[str, Any]]:
    """(arguments padded to the operation's arity and type-checked, options without retired names).

    An unknown option or too many arguments is `ApiTypeError`; a required argument given as None is
    `ApiValueError`; a retired parameter is dropped with a `DeprecationWarning`.
    """
    options = options or {}
    if options:
        retired = plan.op.retired
        for name in options:
            if name not in OPTION_NAMES and name not in retired:
                raise ApiTypeError(f"{plan.op.name}() got an unexpected keyword argument {name!r}")
        if retired and any(name in retired for name in options):
            for name in options:
                if name in retired:
                    warn_retired_parameter(plan.op.label, name)  # its stacklevel counts this frame
            options = {name: value for name, value in options.items() if name not in retired}
    if len(args) != plan.arity:
        if len(args) > plan.arity:
            raise ApiTypeError(
                f"{plan.op.name}() takes {plan.arity} positional arguments but {len(args)} were given"
            )
        args = tuple(args) + (None,) * (plan.arity - len(args))
    for index, name in plan.required:
        if args[index] is None:
            raise ApiValueError(f"{plan.label}: the required parameter {name!r} is missing (None)")
    if plan.typed_params:
        args = checked_arguments(plan, args)
    return args, options


def target(plan: Plan, args: Sequence[Any]) -> str:
    """The path, parameters percent-encoded (an empty one is refused: it would reach another route), and
    the query string."""
    if plan.path_indexes:
        segments = [serialize.path_segment(args[index]) for index in plan.path_indexes]
        if "" in segments:
            raise _empty_path_parameter(plan, segments)
        path = plan.path_format.format(*segments)
    else:
        path = plan.path_format
    if not plan.query:
        return path
    pairs: List[Tuple[str, str]] = []
    for index, wire in plan.query:
        serialize.add_query(pairs, wire, args[index])
    return path + "?" + serialize.query_string(pairs) if pairs else path


def body(
    plan: Plan, args: Sequence[Any], content_type_override: Optional[str]
) -> Tuple[Optional[bytes], Optional[str]]:
    """The serialized body and its Content-Type (None, None when the call sends no body).

    A body given to a GET or HEAD is not sent, with an `UnsentBodyWarning`.
    """
    if plan.unsent_body is not None and args[plan.unsent_body[0]] is not None:
        warnings.warn(  # the published package dropped it without a word; its filters would not apply
            f"{plan.label}: {plan.unsent_body[1].name} was not sent: a {plan.method} request carries no "
            "body, so the call runs without it",
            UnsentBodyWarning,
            stacklevel=5,  # this, ApiClient._prepare, call*, the generated method, the caller
        )
    if plan.body is None and not plan.form:
        return None, None
    items: List[Tuple[str, Any, str]] = [(wire, args[index], mode) for index, wire, mode in plan.form]
    value = args[plan.body[0]] if plan.body is not None else None
    if value is None and not any(item[1] is not None for item in items):
        return None, None
    content_type = content_type_override or plan.content_type
    if plan.multipart or plan.urlencoded or plan.form:
        if value is not None:
            items = serialize.model_form_items(value) + items
        fields = serialize.form_fields(items, plan.label)
        if plan.urlencoded:
            return serialize.urlencoded_body(fields), "application/x-www-form-urlencoded"
        return serialize.multipart_body(fields)
    assert plan.body is not None
    if plan.json_body or (content_type and "json" in content_type):
        encoded = serialize.json_body(value, plan.body_type(), plan.label, plan.body[1].name)
        return encoded, content_type or "application/json"
    return serialize.raw_body(value, plan.label), content_type


def credential_headers(
    headers: MaskedHeaders,
    plan: Plan,
    configured: Tuple[Optional[str], Optional[str]],
    authorization: Optional[str],
    x_namespace: Optional[str],
) -> None:
    """Add Authorization and X-Namespace: the call's own values, else the configured ones (`configured`
    is the configuration's (Authorization, X-Namespace)) where the operation declares them."""
    configured_authorization, configured_namespace = configured
    if authorization:
        headers["Authorization"] = bearer(authorization)
    elif plan.bearer and configured_authorization:
        headers["Authorization"] = configured_authorization
    namespace = x_namespace or (configured_namespace if plan.namespace else None)
    if namespace:
        headers["X-Namespace"] = namespace


def parameter_headers(headers: MaskedHeaders, plan: Plan, args: Sequence[Any]) -> None:
    """Add the operation's header parameters that were given."""
    for index, wire in plan.headers:
        value = args[index]
        if value is not None:
            headers[wire] = serialize.scalar_text(value)


def caller_headers(headers: MaskedHeaders, options: Mapping[str, Any]) -> None:
    """Add what the call's options ask for: `_idempotency_key`, `_headers` (they win over every header set
    before) and a `_request_auth` header."""
    idempotency_key = options.get("_idempotency_key")
    if idempotency_key:
        headers["Idempotency-Key"] = str(idempotency_key)
    extra_headers = options.get("_headers")
    if extra_headers:
        for name in extra_headers:
            serialize.check_header_name(name)
        headers.update(extra_headers)
    request_auth = options.get("_request_auth")
    if request_auth and request_auth.get("in", "header") == "header" and request_auth.get("key"):
        auth_name = serialize.check_header_name(str(request_auth["key"]))
        headers[auth_name] = str(request_auth.get("value", ""))


def checked_headers(headers: MaskedHeaders, label: str) -> MaskedHeaders:
    """``headers`` with every value as text, refusing one with CR or LF (it would split the header)."""
    check_header_value = serialize.check_header_value
    for name, value in headers.items():
        if value.__class__ is not str:
            headers[name] = value = str(value)
        check_header_value(name, value, label)
    return headers


def policy(plan: Plan, configured: RetryPolicy, max_retries: Any) -> RetryPolicy:
    """The configured retry policy, with the call's `_max_retries` if given (an int, else `ApiTypeError`)."""
    if max_retries is None:
        return configured
    try:
        return configured.with_max_retries(max_retries)
    except (TypeError, ValueError) as exc:
        raise ApiTypeError(f"{plan.label}: _max_retries must be an int, not {max_retries!r}") from exc


def bearer(value: str) -> str:
    """An Authorization value: "Bearer <key>" (a bare key gets the scheme prepended)."""
    return value if " " in value.strip() else f"Bearer {value.strip()}"


def _empty_path_parameter(plan: Plan, segments: Sequence[str]) -> ApiValueError:
    """The error for an empty path parameter, which would silently call another route (the list route)."""
    names = [plan.op.params[index].name for index, segment in zip(plan.path_indexes, segments) if not segment]
    return ApiValueError(f"{plan.label}: the path parameter {names[0]!r} is empty; refusing to send")
