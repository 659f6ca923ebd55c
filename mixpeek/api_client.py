"""`ApiClient`: the one place where a call is made.

Generated methods call `call`, `call_with_http_info` or `call_without_preload_content` with their
`Operation` descriptor and argument values. A call binds the arguments, serializes the body once, builds the
path, query and headers, sends the request through the retry policy, maps an error status to the exception
tree and decodes a 2xx body in one pass. Per-call state lives on the stack only, so one client is safely
shared by any number of threads; each client owns one urllib3 connection pool.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Mapping
from typing import Any, ClassVar, Dict, List, NamedTuple, Optional, Sequence, Tuple

import urllib3
from urllib3._collections import HTTPHeaderDict

from mixpeek._runtime import jsontext, lenient, serialize
from mixpeek._runtime.closing import Closeable
from mixpeek._runtime.decoding import decode_records
from mixpeek._runtime.deprecation import warn_retired_parameter
from mixpeek._runtime.operation import OPTION_NAMES, Operation
from mixpeek._runtime.plan import Plan, plan_for
from mixpeek._runtime.retry import RetryPolicy
from mixpeek._runtime.types import resolve_type
from mixpeek.api_response import ApiResponse
from mixpeek.configuration import Configuration
from mixpeek.exceptions import (
    ApiConnectionError,
    ApiDeserializationError,
    ApiException,
    ApiTypeError,
    ApiValueError,
    exception_class_for_status,
    redact,
)
from mixpeek.rest import TRANSPORT_ERRORS, RESTClientObject, RESTResponse, transport_error

logger = logging.getLogger("mixpeek")

#: Header names whose values are never pickled or shown.
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})


def _user_agent() -> str:
    """``mixpeek-python/<SDK version> (API <API version>)``, read from the generated package constants."""
    package = sys.modules.get("mixpeek")
    version = getattr(package, "__version__", "0.0.0")
    api_version = getattr(package, "API_VERSION", "unknown")
    return f"mixpeek-python/{version} (API {api_version})"


class _Request(NamedTuple):
    """One prepared request; retried attempts resend exactly this."""

    method: str
    target: str  # path and query, relative to the host
    headers: Dict[str, str]
    body: Optional[bytes]
    timeout: urllib3.Timeout
    policy: RetryPolicy
    safe_to_repeat: bool
    secrets: Tuple[Optional[str], ...]  # redacted from anything an error shows
    as_records: bool = False  # decode a 2xx body as `Record` dicts instead of the declared type


class _Sent(NamedTuple):
    response: Any  # urllib3 BaseHTTPResponse
    attempts: int
    data: Optional[bytes]  # the body when already read (preloaded, or read to look for retry hints)


class ApiClient(Closeable):
    """Sends the API's requests: a context manager owning one connection pool; thread-safe.

    `ApiClient(configuration)`; `header_name`/`header_value` add a default header to every call and `cookie`
    a Cookie header, as in the published package.
    """

    _default: ClassVar[Optional[ApiClient]] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        configuration: Optional[Configuration] = None,
        header_name: Optional[str] = None,
        header_value: Optional[str] = None,
        cookie: Optional[str] = None,
    ) -> None:
        self.configuration = configuration if configuration is not None else Configuration.get_default()
        self.rest_client = RESTClientObject(self.configuration)
        self.default_headers: Dict[str, str] = {}
        self.user_agent = _user_agent()
        if header_name is not None and header_value is not None:
            self.set_default_header(header_name, header_value)
        self.cookie = cookie
        self._timeout_cache: Tuple[Any, urllib3.Timeout] = (None, urllib3.Timeout())

    # published conveniences ----------------------------------------------------------------------------
    @property
    def user_agent(self) -> str:
        return self.default_headers["User-Agent"]

    @user_agent.setter
    def user_agent(self, value: str) -> None:
        self.set_default_header("User-Agent", value)

    def set_default_header(self, header_name: str, header_value: str) -> None:
        """Send this header with every call of this client (refused if it contains CR or LF)."""
        serialize.check_header(header_name, header_value)
        self.default_headers[header_name] = header_value

    @classmethod
    def get_default(cls) -> ApiClient:
        """The process-wide default client (created on first use from the default configuration)."""
        with cls._default_lock:  # threads asking at once share one client (and one connection pool)
            if cls._default is None:
                cls._default = ApiClient()
            return cls._default

    @classmethod
    def set_default(cls, default: Optional[ApiClient]) -> None:
        with cls._default_lock:
            cls._default = default

    def close(self) -> None:
        """Close the client's pooled connections."""
        self.rest_client.close()

    def __repr__(self) -> str:
        return f"ApiClient({self.configuration!r})"

    def __getstate__(self) -> Dict[str, Any]:
        """Pickled state: the configuration (without its key) and the non-sensitive default headers."""
        headers = {k: v for k, v in self.default_headers.items() if k.lower() not in SENSITIVE_HEADERS}
        return {"configuration": self.configuration, "default_headers": headers}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(state["configuration"])  # type: ignore[misc]
        self.default_headers.update(state["default_headers"])

    # the three entry points of generated code ------------------------------------------------------------
    def call(
        self,
        op: Operation,
        args: Sequence[Any] = (),
        authorization: Optional[str] = None,
        x_namespace: Optional[str] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        """Make the call and return the decoded 2xx body; raise the exception tree otherwise."""
        plan = plan_for(op)
        request = self._prepare(plan, args, authorization, x_namespace, options)
        sent = self._send(plan, request, preload_content=True)
        return self._decode(plan, request, sent)[0]

    def call_with_http_info(
        self,
        op: Operation,
        args: Sequence[Any] = (),
        authorization: Optional[str] = None,
        x_namespace: Optional[str] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> ApiResponse[Any]:
        """Like `call`, but return the status, headers and raw bytes with the decoded body."""
        plan = plan_for(op)
        request = self._prepare(plan, args, authorization, x_namespace, options)
        sent = self._send(plan, request, preload_content=True)
        data, raw = self._decode(plan, request, sent)
        return ApiResponse(
            status_code=sent.response.status, data=data, headers=sent.response.headers, raw_data=raw
        )

    def call_without_preload_content(
        self,
        op: Operation,
        args: Sequence[Any] = (),
        authorization: Optional[str] = None,
        x_namespace: Optional[str] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> RESTResponse:
        """Make the call and return the undecoded, streaming response, whatever its status.

        Retries still apply to connection failures and retryable statuses; the caller checks `status`
        and must close the response (it is a context manager).
        """
        plan = plan_for(op)
        request = self._prepare(plan, args, authorization, x_namespace, options)
        sent = self._send(plan, request, preload_content=False)
        return RESTResponse(
            sent.response, plan.label, prefetched=sent.data, attempts=sent.attempts, secrets=request.secrets
        )

    # preparing ---------------------------------------------------------------------------------------------
    def _prepare(
        self,
        plan: Plan,
        args: Sequence[Any],
        authorization: Optional[str],
        x_namespace: Optional[str],
        options: Optional[Mapping[str, Any]],
    ) -> _Request:
        options = options or {}
        if options:
            for name in options:
                if name not in OPTION_NAMES and name not in plan.op.retired:
                    raise ApiTypeError(f"{plan.op.name}() got an unexpected keyword argument {name!r}")
            options = _without_retired(plan.op, options)
        if len(args) != plan.arity:
            if len(args) > plan.arity:
                raise ApiTypeError(
                    f"{plan.op.name}() takes {plan.arity} positional arguments but {len(args)} were given"
                )
            args = tuple(args) + (None,) * (plan.arity - len(args))
        for index, name in plan.required:
            if args[index] is None:
                raise ApiValueError(f"{plan.label}: the required parameter {name!r} is missing (None)")

        if plan.path_indexes:
            path_segment = serialize.path_segment
            target = plan.path_format.format(*[path_segment(args[index]) for index in plan.path_indexes])
        else:
            target = plan.path_format
        if plan.query:
            pairs: List[Tuple[str, str]] = []
            for index, wire in plan.query:
                serialize.add_query(pairs, wire, args[index])
            if pairs:
                target += "?" + serialize.query_string(pairs)

        configuration = self.configuration
        headers = dict(self.default_headers)
        headers["Accept"] = plan.accept
        if self.cookie:
            headers["Cookie"] = self.cookie
        key = configuration.api_key
        if authorization:
            headers["Authorization"] = _bearer(authorization)
        elif plan.bearer and key:
            headers["Authorization"] = _bearer(key)
        namespace = x_namespace or (configuration.namespace if plan.namespace else None)
        if namespace:
            headers["X-Namespace"] = namespace
        for index, wire in plan.headers:
            value = args[index]
            if value is not None:
                headers[wire] = serialize.scalar_text(value)

        body, content_type = self._body(plan, args, options.get("_content_type"))
        if content_type is not None:
            headers["Content-Type"] = content_type
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
        check_header_value = serialize.check_header_value
        for name, value in headers.items():
            if value.__class__ is not str:
                headers[name] = value = str(value)
            check_header_value(name, value, plan.label)

        max_retries = options.get("_max_retries")
        policy = configuration.retry_policy
        if max_retries is not None:
            try:
                policy = policy.with_max_retries(max_retries)
            except (TypeError, ValueError) as exc:
                raise ApiTypeError(f"{plan.label}: _max_retries must be an int, not {max_retries!r}") from exc
        return _Request(
            method=plan.method,
            target=target,
            headers=headers,
            body=body,
            timeout=self._timeout(options.get("_request_timeout")),
            policy=policy,
            safe_to_repeat=plan.idempotent or bool(idempotency_key),
            secrets=(key, _token(headers.get("Authorization"))),
            as_records=bool(options.get("_as_records")),
        )

    def _body(
        self, plan: Plan, args: Sequence[Any], content_type_override: Optional[str]
    ) -> Tuple[Optional[bytes], Optional[str]]:
        """The serialized body and its Content-Type (None, None when the call sends no body)."""
        if plan.body is None and not plan.form:
            return None, None
        items: List[Tuple[str, Any, bool]] = [
            (wire, args[index], is_file) for index, wire, is_file in plan.form
        ]
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
            body = serialize.json_body(value, plan.body_type(), plan.label, plan.body[1].name)
            return body, content_type or "application/json"
        return serialize.raw_body(value, plan.label), content_type

    def _timeout(self, override: Any) -> urllib3.Timeout:
        """The urllib3 timeout of a call: the per-call override, else the configuration's (cached)."""
        if override is not None:
            return _make_timeout(override, None, None)
        configuration = self.configuration
        key = (configuration.timeout, configuration.connect_timeout, configuration.read_timeout)
        cached_key, cached = self._timeout_cache
        if cached_key != key:
            cached = _make_timeout(*key)
            self._timeout_cache = (key, cached)
        return cached

    # sending -----------------------------------------------------------------------------------------------
    def _send(self, plan: Plan, request: _Request, preload_content: bool) -> _Sent:
        """Send with the retry policy; return the final response (any status) or raise a connection error."""
        policy = request.policy
        base_url = self.configuration.host
        debug = logger.isEnabledFor(logging.DEBUG)
        info = logger.isEnabledFor(logging.INFO)  # retries are logged at INFO (MIXPEEK_LOG=info shows them)
        attempt = 0
        waited = 0.0
        while True:
            attempt += 1
            if debug:
                logger.debug("%s: attempt %d: %s %s", plan.label, attempt, request.method, _path(request))
            try:
                response = self.rest_client.request(
                    request.method,
                    base_url,
                    request.target,
                    request.headers,
                    request.body,
                    request.timeout,
                    preload_content,
                )
            except TRANSPORT_ERRORS as exc:
                error, processed, worth_retrying = transport_error(
                    exc, plan.label, request.method, _path(request), attempt
                )
                wait = (
                    policy.wait_after_error(
                        attempt,
                        waited,
                        may_have_been_processed=processed,
                        safe_to_repeat=request.safe_to_repeat,
                    )
                    if worth_retrying
                    else None
                )
                if wait is None:
                    raise _with_attempts(error, attempt, request.secrets) from exc
                if info:
                    logger.info(
                        "%s: attempt %d failed (%s); retrying in %.2f s",
                        plan.label,
                        attempt,
                        type(error).__name__,
                        wait,
                    )
                policy.sleep(wait)
                waited += wait
                continue
            status = response.status
            if policy.may_retry_status(status, attempt):
                data = response.data if preload_content else _read_all(response)
                wait = policy.wait_after_status(attempt, waited, status, response.headers, data)
                if wait is None:
                    return _Sent(response, attempt, data)
                response.release_conn()
                if info:
                    logger.info(
                        "%s: attempt %d got HTTP %d; retrying in %.2f s", plan.label, attempt, status, wait
                    )
                policy.sleep(wait)
                waited += wait
                continue
            if debug:
                logger.debug("%s: attempt %d got HTTP %d", plan.label, attempt, status)
            return _Sent(response, attempt, response.data if preload_content else None)

    # decoding ---------------------------------------------------------------------------------------------
    def _decode(self, plan: Plan, request: _Request, sent: _Sent) -> Tuple[Any, bytes]:
        """(decoded body, raw bytes) of a 2xx response; any other status raises."""
        response = sent.response
        data = sent.data if sent.data is not None else b""
        status = response.status
        if 200 <= status < 300:
            try:
                if request.as_records:
                    return decode_records(data, response, plan.label), data
                return plan.decoder(status).decode(data, response, plan.label), data
            except ApiDeserializationError as error:  # it quotes the body: a body may echo the key
                _redact_deserialization_error(error, request.secrets)
                raise
        raise _status_error(plan.label, response, data, sent.attempts, request.secrets)

    # published helpers -----------------------------------------------------------------------------------
    def sanitize_for_serialization(self, obj: Any) -> Any:
        """Plain JSON data for any value (models by wire name, enums by value, dates in ISO 8601)."""
        return serialize._jsonable(obj)

    def deserialize(self, response_text: str, response_type: str, content_type: Optional[str] = None) -> Any:
        """Decode a JSON text as a type expression ("CollectionResponse", "List[str]"), leniently."""
        declared = resolve_type(response_type)
        try:
            parsed = jsontext.loads(response_text)
        except ValueError:
            return response_text
        return lenient.build(declared, parsed)


# helpers ---------------------------------------------------------------------------------------------------
def _bearer(value: str) -> str:
    """An Authorization value: "Bearer <key>" (a bare key gets the scheme prepended)."""
    return value if " " in value.strip() else f"Bearer {value.strip()}"


def _token(authorization: Optional[str]) -> Optional[str]:
    if not authorization:
        return None
    return authorization.strip().split(" ")[-1]


def _path(request: _Request) -> str:
    return request.target.partition("?")[0]


def _make_timeout(timeout: Any, connect: Optional[float], read: Optional[float]) -> urllib3.Timeout:
    """The urllib3 timeout; what urllib3 refuses (text, a negative number, a 3-tuple) is `ApiValueError`."""
    if isinstance(timeout, urllib3.Timeout):
        return timeout
    try:
        if isinstance(timeout, (tuple, list)):
            connect_default, read_default = timeout
        else:
            connect_default = read_default = timeout
        return urllib3.Timeout(
            connect=connect if connect is not None else connect_default,
            read=read if read is not None else read_default,
        )
    except (TypeError, ValueError) as exc:
        raise ApiValueError(
            f"invalid timeout {timeout!r} (connect {connect!r}, read {read!r}): expected seconds (a positive "
            f"number) or a (connect, read) pair: {exc}"
        ) from exc


def _read_all(response: Any) -> bytes:
    try:
        return bytes(response.read())
    except TRANSPORT_ERRORS:
        return b""


def _with_attempts(
    error: ApiConnectionError, attempts: int, secrets: Sequence[Optional[str]]
) -> ApiConnectionError:
    error.attempts = attempts
    message = redact(error.message, secrets)
    if attempts > 1:
        message += f" (after {attempts} attempts)"
    error.message = message
    error.args = (message,)
    return error


def _error_model(status: int, parsed: Any) -> Any:
    """The parsed error body as `ErrorResponse` / `HTTPValidationError` when the models define them."""
    if not isinstance(parsed, dict):
        return parsed
    if "error" in parsed:
        name = "ErrorResponse"
    elif "detail" in parsed:
        name = "HTTPValidationError"
    else:
        return parsed
    try:
        import importlib

        model = getattr(importlib.import_module("mixpeek.models"), name)
    except (ImportError, AttributeError):
        return parsed
    try:
        return lenient.build(model, parsed)
    except Exception:  # a broken generated model must not hide the server's error
        logger.debug("could not build %s from an HTTP %d body", name, status, exc_info=True)
        return parsed


def status_error(response: RESTResponse) -> ApiException:
    """The `ApiException` for a non-2xx response of `call_without_preload_content` (reads its body).

    The same error `call` raises: the status's class, the parsed error model, the call's secrets redacted.
    """
    return _status_error(response.operation, response, response.data, response.attempts, response._secrets)


def _status_error(
    label: str, response: Any, data: bytes, attempts: int, secrets: Sequence[Optional[str]]
) -> ApiException:
    status = response.status
    text = redact(data.decode("utf-8", "replace"), secrets)
    parsed: Any = None
    if text[:1] in ("{", "[") or text.lstrip()[:1] in ("{", "["):
        try:
            parsed = jsontext.loads(text)
        except ValueError:
            parsed = None
    error_class = exception_class_for_status(status)
    return error_class(
        status=status,
        reason=response.reason,
        body=text,
        data=_error_model(status, parsed),
        headers=_redacted_headers(response.headers, secrets),
        operation=label,
        attempts=attempts,
    )


def _redacted_headers(headers: Mapping[str, str], secrets: Sequence[Optional[str]]) -> Mapping[str, str]:
    """The response headers, or a case-insensitive copy without the request's secrets if one was echoed."""
    if all(redact(value, secrets) == value for value in headers.values()):
        return headers
    cleaned = HTTPHeaderDict()
    for name, value in headers.items():
        cleaned.add(name, redact(value, secrets))
    return cleaned


def _redact_deserialization_error(error: ApiDeserializationError, secrets: Sequence[Optional[str]]) -> None:
    """Remove the request's secrets from what an `ApiDeserializationError` shows (message, body, headers)."""
    error.message = redact(error.message, secrets)
    error.args = (error.message,)
    if error.body is not None:
        error.body = redact(error.body, secrets)
    if error.headers is not None:
        error.headers = _redacted_headers(error.headers, secrets)


def _without_retired(op: Operation, options: Mapping[str, Any]) -> Mapping[str, Any]:
    """The call's options without the retired parameters it was given (each one warned about)."""
    if not op.retired or not any(name in op.retired for name in options):
        return options
    for name in options:
        if name in op.retired:
            warn_retired_parameter(op.label, name)
    return {name: value for name, value in options.items() if name not in op.retired}


__all__ = ["ApiClient", "status_error"]
