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
import time
from collections.abc import Mapping
from typing import Any, ClassVar, Dict, List, NamedTuple, Optional, Sequence, Tuple

import urllib3
from urllib3._collections import HTTPHeaderDict

from mixpeek._runtime import content, deadline, hints, jsontext, lenient, limits, lowlevel, prepare, serialize
from mixpeek._runtime.closing import Closeable
from mixpeek._runtime.decoding import Decoder, decode_records, undecodable
from mixpeek._runtime.guarded import AttemptBounds, arm
from mixpeek._runtime.operation import Operation, default_idempotent
from mixpeek._runtime.plan import Plan, plan_for
from mixpeek._runtime.prepare import UnsentBodyWarning
from mixpeek._runtime.retry import RetryPolicy
from mixpeek._runtime.scrub import SENSITIVE_HEADERS, MaskedHeaders, Secrets, drop_frames, scrub_chain
from mixpeek._runtime.types import resolve_type
from mixpeek.api_response import ApiResponse
from mixpeek.configuration import Configuration
from mixpeek.exceptions import (
    ApiConnectionError,
    ApiDeserializationError,
    ApiException,
    ApiValueError,
    exception_class_for_status,
    redact,
)
from mixpeek.rest import TRANSPORT_ERRORS, RESTClientObject, RESTResponse, transport_error

logger = logging.getLogger("mixpeek")
_monotonic = time.monotonic


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
    base_url: Optional[str] = None  # another base than the configured host (`call_api` with a full URL)

    def __repr__(self) -> str:  # tracebacks rendered with locals show this: never the credentials
        return f"_Request({self.method} {self.target}, headers={self.headers!r})"


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
        self._bounds_cache: Tuple[Any, Tuple[float, int]] = (None, (0.0, 0))

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

    # preparing (one step each, see mixpeek/_runtime/prepare.py) --------------------------------------------
    def _prepare(
        self,
        plan: Plan,
        args: Sequence[Any],
        authorization: Optional[str],
        x_namespace: Optional[str],
        options: Optional[Mapping[str, Any]],
    ) -> _Request:
        """The request a call sends: arguments bound, then target, body, headers and retry policy."""
        args, options = prepare.bind(plan, args, options)
        target = prepare.target(plan, args)
        body, content_type = prepare.body(plan, args, options.get("_content_type"))
        headers = self._headers(plan, args, authorization, x_namespace, content_type, options)
        return _Request(
            method=plan.method,
            target=target,
            headers=headers,
            body=body,
            timeout=self._timeout(options.get("_request_timeout"), plan.label),
            policy=prepare.policy(plan, self.configuration.retry_policy, options.get("_max_retries")),
            safe_to_repeat=plan.idempotent or bool(options.get("_idempotency_key")),
            secrets=Secrets((self.configuration.access_token, _token(headers.get("Authorization")))),
            as_records=bool(options.get("_as_records")),
        )

    def _headers(
        self,
        plan: Plan,
        args: Sequence[Any],
        authorization: Optional[str],
        x_namespace: Optional[str],
        content_type: Optional[str],
        options: Mapping[str, Any],
    ) -> MaskedHeaders:
        """The call's headers, later ones winning: the client's defaults, Accept and Cookie, the credentials
        (read from the configuration now), the header parameters, Content-Type, then the call's options."""
        headers = MaskedHeaders(self.default_headers)
        headers["Accept"] = plan.accept
        if self.cookie:
            headers["Cookie"] = self.cookie
        configured = self.configuration.credential_headers()
        prepare.credential_headers(headers, plan, configured, authorization, x_namespace)
        prepare.parameter_headers(headers, plan, args)
        if content_type is not None:
            headers["Content-Type"] = content_type
        prepare.caller_headers(headers, options)
        return prepare.checked_headers(headers, plan.label)

    def _timeout(self, override: Any, label: str) -> urllib3.Timeout:
        """The urllib3 timeout of a call: the per-call override, else the configuration's (cached).

        A value that is no timeout raises `ApiValueError` naming the call `label` (nothing is sent).
        """
        try:
            if override is not None:
                return _make_timeout(override, None, None)
            configuration = self.configuration
            key = (configuration.timeout, configuration.connect_timeout, configuration.read_timeout)
            cached_key, cached = self._timeout_cache
            if cached_key != key:
                cached = _make_timeout(*key)
                self._timeout_cache = (key, cached)
            return cached
        except ApiValueError as exc:
            raise _setting_error(label, exc) from None

    def _call_bounds(self, label: str) -> Tuple[float, int]:
        """(seconds the whole call may take, the answer size limit in bytes), from the configuration; a bad
        setting raises `ApiValueError` naming the call `label`."""
        settings = self.configuration.__dict__  # a Configuration pickled before these settings lacks them
        key = (settings.get("total_timeout"), settings.get("max_response_bytes"))
        cached_key, cached = self._bounds_cache
        if cached_key != key:
            try:
                cached = (deadline.total_seconds(key[0]), limits.max_bytes(key[1]))
            except ApiValueError as exc:
                raise _setting_error(label, exc) from None
            self._bounds_cache = (key, cached)
        return cached

    # sending -----------------------------------------------------------------------------------------------
    def _send(self, plan: Plan, request: _Request, preload_content: bool) -> _Sent:
        """Send with the retry policy within the call's deadline; return the final response (any status,
        its body read, within the size limit, and decoded, when `preload_content`) or raise."""
        total, limit = self._call_bounds(plan.label)
        call_deadline = _monotonic() + total
        if preload_content and "Accept-Encoding" not in request.headers:
            request.headers["Accept-Encoding"] = content.ACCEPT_ENCODING
        try:
            return self._attempts(plan, request, preload_content, call_deadline, limit)
        except limits.ResponseTooLarge as exc:
            drop_frames(exc)
            raise _too_large(plan.label, request, exc) from exc
        finally:
            arm(None)

    def _attempts(
        self, plan: Plan, request: _Request, preload_content: bool, call_deadline: float, limit: int
    ) -> _Sent:
        policy = request.policy
        base_url = request.base_url or self.configuration.host
        debug = logger.isEnabledFor(logging.DEBUG)
        answer_seconds = request.timeout.read_timeout or deadline.DEFAULT_TIMEOUT
        info = logger.isEnabledFor(logging.INFO)  # retries are logged at INFO (MIXPEEK_LOG=info shows them)
        attempt = 0
        waited = 0.0
        while True:
            attempt += 1
            if debug:
                logger.debug("%s: attempt %d: %s %s", plan.label, attempt, request.method, _path(request))
            bounds = AttemptBounds(answer_seconds, call_deadline, limit if preload_content else None)
            arm(bounds)
            try:
                response = self.rest_client.request(
                    request.method,
                    base_url,
                    request.target,
                    request.headers,
                    request.body,
                    _attempt_timeout(request.timeout, call_deadline),
                    preload_content,
                )
            except TRANSPORT_ERRORS as exc:
                error, processed, worth_retrying = transport_error(
                    exc, plan.label, request.method, _path(request), attempt, base_url
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
                wait = _before_deadline(wait, call_deadline)
                if wait is None:
                    drop_frames(exc)  # urllib3's frames hold the request's headers as locals
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
                data = _body_of(plan.label, response, limit) if preload_content else _read_all(response)
                wait = policy.wait_after_status(attempt, waited, status, response.headers, data)
                wait = _before_deadline(wait, call_deadline)
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
            if not preload_content:
                bounds.release()  # the caller reads the stream at its own pace
                return _Sent(response, attempt, None)
            return _Sent(response, attempt, _body_of(plan.label, response, limit))

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
        raise self._explained(
            plan, request, _status_error(plan.label, response, data, sent.attempts, request.secrets)
        )

    def _explained(self, plan: Plan, request: _Request, error: ApiException) -> ApiException:
        """``error`` with what a person can act on added to its message: for a 401, which key was sent and
        where it came from (masked); for an operation that needs a namespace but was sent none, how to set
        one (`mixpeek._runtime.hints`)."""
        notes = []
        if error.status == 401:
            configuration = self.configuration
            notes.append(
                hints.key_hint(
                    _token(request.headers.get("Authorization")),
                    configuration.access_token,
                    getattr(configuration, "key_source", None),
                )
            )
        if (
            plan.namespace
            and "X-Namespace" not in request.headers
            and error.status in hints.NAMESPACE_STATUSES
        ):
            notes.append(hints.namespace_hint())
        if notes:
            separator = " " if error.message.endswith((".", "!", "?")) else ". "
            error.message = f"{error.message}{separator}{' '.join(notes)}"
            error.args = (error.message,)
        return error

    # the published package's low-level methods (see mixpeek/_runtime/lowlevel.py) --------------------------
    def param_serialize(
        self,
        method: str,
        resource_path: str,
        path_params: lowlevel.Params = None,
        query_params: lowlevel.Params = None,
        header_params: lowlevel.Params = None,
        body: Any = None,
        post_params: lowlevel.Params = None,
        files: lowlevel.Params = None,
        auth_settings: Optional[Sequence[str]] = None,
        collection_formats: Optional[Mapping[str, str]] = None,
        _host: Optional[str] = None,
        _request_auth: Optional[Mapping[str, Any]] = None,
    ) -> Tuple[str, str, Dict[str, str], Any, Optional[List[Tuple[str, Any]]]]:
        """(method, url, headers, body, post_params) of a request, ready for `call_api`.

        `auth_settings` names the security schemes to apply ("BearerAuth", "NamespaceHeader") from the
        configuration's `auth_settings()`; `_request_auth` replaces them. `collection_formats` is accepted
        for compatibility: lists are always sent as repeated keys.
        """
        headers = lowlevel.header_text(header_params)
        headers.update(self.default_headers)
        if self.cookie:
            headers["Cookie"] = self.cookie
        auth, auth_query = lowlevel.auth_headers(
            auth_settings, self.configuration.auth_settings(), _request_auth
        )
        headers.update(auth)
        query = lowlevel.pairs(query_params) + auth_query
        url = (
            (_host or self.configuration.host).rstrip("/")
            + lowlevel.resolved_path(resource_path, path_params)
            + lowlevel.query_suffix(query)
        )
        fields = lowlevel.form_pairs(post_params, files) if post_params or files else None
        return method, url, headers, serialize._jsonable(body) if body is not None else None, fields

    def call_api(
        self,
        method: str,
        url: str,
        header_params: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        post_params: lowlevel.Params = None,
        _request_timeout: Any = None,
    ) -> RESTResponse:
        """Send a request built by `param_serialize` (or by hand) and return the undecoded response.

        Any status is returned (`response_deserialize` raises for errors); the retry policy, timeouts and
        connection-error mapping are those of every other call. Read the body with `read()` or `data`.
        """
        method = method.upper()
        headers = lowlevel.header_text(header_params)
        data = lowlevel.request_body(method, headers, body, post_params)
        base_url, target = lowlevel.split_url(url, self.configuration.host)
        request = _Request(
            method=method,
            target=target,
            headers=headers,
            body=data,
            timeout=self._timeout(_request_timeout, lowlevel.LABEL),
            policy=self.configuration.retry_policy,
            safe_to_repeat=default_idempotent(method),
            secrets=(self.configuration.access_token, _token(headers.get("Authorization"))),
            base_url=base_url,
        )
        sent = self._send(_lowlevel_plan(method), request, preload_content=True)  # read() and data both work
        return RESTResponse(
            sent.response,
            lowlevel.LABEL,
            prefetched=sent.data,
            attempts=sent.attempts,
            secrets=request.secrets,
        )

    def response_deserialize(
        self, response_data: RESTResponse, response_types_map: Optional[Mapping[str, Any]] = None
    ) -> ApiResponse[Any]:
        """An `ApiResponse` of a `call_api` response, decoded as `response_types_map` declares its status.

        The map is the published one ({"200": "CollectionResponse", "4XX": ...}; "bytearray" keeps the raw
        bytes). A status outside 2xx raises the `ApiException` family class, as every call does.
        """
        status = response_data.status
        raw = response_data.data
        if not 200 <= status <= 299:
            raise status_error(response_data)
        declared = lowlevel.response_type(response_types_map, status)
        decoded: Any = None
        if declared in lowlevel.RAW_TYPES:
            decoded = raw
        elif declared is not None:
            label = response_data.operation or lowlevel.LABEL
            try:
                decoded = Decoder(resolve_type(declared)).decode(raw, response_data, label)
            except ApiDeserializationError as error:
                _redact_deserialization_error(error, response_data._secrets)
                raise
        return ApiResponse(status_code=status, data=decoded, headers=response_data.headers, raw_data=raw)

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
_LOWLEVEL_PLANS: Dict[str, Plan] = {}


def _lowlevel_plan(method: str) -> Plan:
    """The plan `call_api` sends with (only its label and method matter), one per HTTP method."""
    plan = _LOWLEVEL_PLANS.get(method)
    if plan is None:
        operation = Operation(
            name="call_api", api="ApiClient", method=method, path="/", params=(), responses={}
        )
        plan = _LOWLEVEL_PLANS.setdefault(method, plan_for(operation))
    return plan


def _token(authorization: Optional[str]) -> Optional[str]:
    if not authorization:
        return None
    return authorization.strip().split(" ")[-1]


def _path(request: _Request) -> str:
    return request.target.partition("?")[0]


def _setting_error(label: str, exc: ApiValueError) -> ApiValueError:
    """A setting's `ApiValueError` found by a call, naming the call: the setting may have been assigned far
    from it."""
    return ApiValueError(f"{label}: {exc}; nothing was sent")


def _make_timeout(timeout: Any, connect: Any, read: Any) -> urllib3.Timeout:
    """The urllib3 timeout: finite (None is the default), else `ApiValueError` (see `_runtime.deadline`)."""
    if isinstance(timeout, urllib3.Timeout):
        timeout = (_number_or_none(timeout.connect_timeout), _number_or_none(timeout.read_timeout))
    connect_seconds, read_seconds = deadline.timeout_pair(timeout, connect, read)
    return urllib3.Timeout(connect=connect_seconds, read=read_seconds)


def _number_or_none(value: Any) -> Any:
    return value if isinstance(value, (int, float)) else None


def _attempt_timeout(timeout: urllib3.Timeout, call_deadline: float) -> urllib3.Timeout:
    """`timeout`, with the connect timeout shortened when the call's deadline is nearer."""
    remaining = call_deadline - _monotonic()
    connect = timeout.connect_timeout
    if isinstance(connect, (int, float)) and remaining < connect:
        return urllib3.Timeout(connect=max(remaining, 0.001), read=timeout.read_timeout)
    return timeout


def _before_deadline(wait: Optional[float], call_deadline: float) -> Optional[float]:
    """`wait`, or None (no retry) when the next attempt would start at or after the call's deadline."""
    if wait is None or _monotonic() + wait >= call_deadline:
        return None
    return wait


def _body_of(label: str, response: Any, limit: int) -> bytes:
    """A preloaded answer's body with its content codings undone, within the size limit."""
    data: bytes = response.data
    coding = response.headers.get("Content-Encoding")
    if not coding:
        return data
    try:
        return content.decode(data, coding, limit, response.status)
    except content.ContentCodingError as exc:
        raise ApiDeserializationError(
            f"{label} failed: HTTP {response.status} answer cannot be decoded: {exc}",
            status=response.status,
            reason=response.reason,
            headers=response.headers,
            operation=label,
        ) from exc


def _too_large(label: str, request: _Request, exc: limits.ResponseTooLarge) -> ApiDeserializationError:
    status = f"HTTP {exc.status} " if exc.status is not None else ""
    return ApiDeserializationError(
        f"{label} ({request.method} {_path(request)}) failed: {status}{exc}; raise "
        f"Configuration.max_response_bytes, or stream the answer with the *_without_preload_content method",
        status=exc.status,
        operation=label,
    )


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


def deserialization_error(
    response: RESTResponse, text: str, content_type: str, cause: BaseException
) -> ApiDeserializationError:
    """The `ApiDeserializationError` for a streamed body (or event) that is not JSON, chained to `cause`,
    with the call's secrets redacted from both (a server may echo the key)."""
    error = undecodable(text, content_type, response, response.operation)
    error.__cause__ = cause
    _redact_deserialization_error(error, response._secrets)
    return error


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
    scrub_chain(error, secrets)  # a JSONDecodeError cause keeps the whole body it failed on
    if error.body is not None:
        error.body = redact(error.body, secrets)
    if error.headers is not None:
        error.headers = _redacted_headers(error.headers, secrets)


__all__ = ["ApiClient", "UnsentBodyWarning", "deserialization_error", "status_error"]
