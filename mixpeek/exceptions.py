"""The SDK's exception tree: every error a call can raise derives from `OpenApiException` (= `MixpeekError`).

    OpenApiException (MixpeekError)
    ├── ApiTypeError, ApiValueError, ApiKeyError, ApiAttributeError   (bad input, raised before sending)
    ├── ApiException                          (the server answered with a non-2xx status)
    │   ├── BadRequestException 400, UnauthorizedException 401, ForbiddenException 403,
    │   ├── NotFoundException 404, ConflictException 409, UnprocessableEntityException 422,
    │   └── TooManyRequestsException 429, ServiceException 5xx
    ├── ApiConnectionError                    (no HTTP answer: refused, reset, DNS, TLS, proxy)
    │   └── ApiTimeoutError                   (connect or read timeout)
    └── ApiDeserializationError               (a 2xx body that is not decodable at all)

Messages name the operation ("CollectionsApi.get_collection"), the status and the server's own message; they
never contain the API key (the runtime redacts any secret it sent from messages and bodies).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Dict, Iterable, List, Optional, Tuple, Type

from mixpeek._runtime import jsontext

#: How much of a non-JSON error body (an HTML 502 page, say) goes into a message.
BODY_SNIPPET_CHARS = 500
REDACTED = "[REDACTED]"


class OpenApiException(Exception):
    """The base class of every exception the SDK raises."""

    def __reduce__(self) -> Tuple[Any, ...]:
        """Pickle by state (the constructors take keyword arguments that `args` does not hold)."""
        return (_rebuild, (type(self), self.args, self.__dict__))

    # an error shown as a notebook cell's value: one readable block (mixpeek._runtime.display renders it)
    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        from mixpeek._runtime import display

        display.pretty(printer, display.error_text(self))

    def _repr_html_(self) -> str:
        from mixpeek._runtime import display

        return display.error_html(self)


def _rebuild(cls: Type[OpenApiException], args: Tuple[Any, ...], state: Dict[str, Any]) -> OpenApiException:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


#: The SDK's own name for the base class.
MixpeekError = OpenApiException


def _render_path(path_to_item: Optional[Sequence[Any]]) -> str:
    return "".join(f"[{item!r}]" if isinstance(item, int) else f"['{item}']" for item in path_to_item or ())


#: The published package's public name: a path into nested data as `['a'][0]['b']`.
render_path = _render_path


class ApiTypeError(OpenApiException, TypeError):
    """An argument has the wrong type (raised before anything is sent)."""

    def __init__(
        self,
        msg: str,
        path_to_item: Optional[Sequence[Any]] = None,
        valid_classes: Optional[Sequence[type]] = None,
        key_type: Optional[bool] = None,
    ) -> None:
        self.path_to_item = path_to_item
        self.valid_classes = valid_classes
        self.key_type = key_type
        full = f"{msg} at {_render_path(path_to_item)}" if path_to_item else msg
        super().__init__(full)


class ApiValueError(OpenApiException, ValueError):
    """An argument has an invalid value (raised before anything is sent)."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Any]] = None) -> None:
        self.path_to_item = path_to_item
        full = f"{msg} at {_render_path(path_to_item)}" if path_to_item else msg
        super().__init__(full)


class RequestValidationError(ApiValueError, ApiTypeError):
    """A request body (or argument) failed validation against its model, before anything was sent.

    Every such failure (a misspelt key at any depth, a wrong type, a missing required field, a value outside
    an enum) raises this one class. It is both an `ApiValueError` and an `ApiTypeError` (so a `ValueError` and
    a `TypeError`), since earlier versions raised one or the other depending on the mistake.

    `errors` holds the validation problems as (location, message) pairs, e.g. (("collection_name",),
    "Field required"); the pydantic error is chained as `__cause__`.
    """

    def __init__(self, msg: str, errors: Sequence[Tuple[Tuple[Any, ...], str]] = ()) -> None:
        self.errors = list(errors)
        super().__init__(msg)


class ApiAttributeError(OpenApiException, AttributeError):
    """An attribute that does not exist was requested."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Any]] = None) -> None:
        self.path_to_item = path_to_item
        full = f"{msg} at {_render_path(path_to_item)}" if path_to_item else msg
        super().__init__(full)


class ApiKeyError(OpenApiException, KeyError):
    """A key that does not exist was requested."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Any]] = None) -> None:
        self.path_to_item = path_to_item
        full = f"{msg} at {_render_path(path_to_item)}" if path_to_item else msg
        super().__init__(full)

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ApiException(OpenApiException):
    """The server answered with a non-2xx status.

    Attributes: `status`, `reason`, `body` (the response text), `headers`, `data` (the parsed `ErrorResponse`
    or `HTTPValidationError` model when the body is one, else the parsed JSON, else None), `operation`
    ("CollectionsApi.get_collection") and `attempts` (how many requests were made, retries included).
    """

    def __init__(
        self,
        status: Optional[int] = None,
        reason: Optional[str] = None,
        http_resp: Any = None,
        *,
        body: Optional[str] = None,
        data: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        operation: Optional[str] = None,
        attempts: int = 1,
        message: Optional[str] = None,
    ) -> None:
        if http_resp is not None:
            status = status if status is not None else getattr(http_resp, "status", None)
            reason = reason if reason is not None else getattr(http_resp, "reason", None)
            headers = headers if headers is not None else getattr(http_resp, "headers", None)
            if body is None:
                raw = getattr(http_resp, "data", None)
                if isinstance(raw, bytes):
                    body = raw.decode("utf-8", "replace")
        self.status = status
        self.reason = reason
        self.body = body
        self.data = data
        self.headers = headers  # kept as given: the response's case-insensitive mapping
        self.operation = operation
        self.attempts = attempts
        self.message = message if message is not None else self._compose_message()
        super().__init__(self.message)

    def _compose_message(self) -> str:
        prefix = f"{self.operation} failed: " if self.operation else ""
        status = f"HTTP {self.status}" + (f" {self.reason}" if self.reason else "")
        detail = server_message(self.body)
        text = f"{prefix}{status}" + (f": {detail}" if detail else "")
        if self.attempts > 1:
            text += f" (after {self.attempts} attempts)"
        return text

    def __str__(self) -> str:
        """Our one-line message, then the published package's lines (status, reason, headers, body)."""
        return f"{self.message}\n{self.published_details()}"

    def published_details(self) -> str:
        """The lines the published package's message held, for code that parses them.

        "(404)", "Reason: ...", "HTTP response headers: ..." and "HTTP response body: ..." (the body as
        received, secrets the call sent redacted), each ending with a newline; the last two only when set.
        """
        text = f"({self.status})\nReason: {self.reason}\n"
        if self.headers:
            text += f"HTTP response headers: {self.headers}\n"
        shown = self.body if self.body else self.data
        if shown:
            text += f"HTTP response body: {shown}\n"
        return text

    @classmethod
    def from_response(cls, *, http_resp: Any, body: Optional[str], data: Any) -> None:
        """Raise the exception class matching the response's status (the published package's helper)."""
        status = getattr(http_resp, "status", None)
        raise exception_class_for_status(status)(http_resp=http_resp, body=body, data=data)


class BadRequestException(ApiException):
    """HTTP 400."""


class UnauthorizedException(ApiException):
    """HTTP 401: the API key is missing, wrong or revoked."""


class ForbiddenException(ApiException):
    """HTTP 403: the key may not act on this namespace or resource."""


class NotFoundException(ApiException):
    """HTTP 404."""


class ConflictException(ApiException):
    """HTTP 409: the resource already exists or changed concurrently."""


class UnprocessableEntityException(ApiException):
    """HTTP 422: the server rejected the request's content (see `data.detail`)."""


class TooManyRequestsException(ApiException):
    """HTTP 429: rate limited (retried automatically, within the retry policy)."""


class ServiceException(ApiException):
    """HTTP 5xx."""


_BY_STATUS: Dict[int, Type[ApiException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    422: UnprocessableEntityException,
    429: TooManyRequestsException,
}


def exception_class_for_status(status: Optional[int]) -> Type[ApiException]:
    """The `ApiException` subclass for an HTTP status."""
    if status is None:
        return ApiException
    if 500 <= status <= 599:
        return ServiceException
    return _BY_STATUS.get(status, ApiException)


class ApiConnectionError(OpenApiException):
    """No HTTP answer was received: connection refused or reset, DNS, TLS or proxy failure."""

    def __init__(self, message: str, *, operation: Optional[str] = None, attempts: int = 1) -> None:
        self.operation = operation
        self.attempts = attempts
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class ApiTimeoutError(ApiConnectionError):
    """The server did not accept the connection or did not answer within the timeout."""


class ApiDeserializationError(OpenApiException):
    """A successful (2xx) response whose body could not be decoded at all (not JSON, say).

    A body that is JSON but does not match the declared model never raises: it is parsed leniently.
    """

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        reason: Optional[str] = None,
        body: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
        operation: Optional[str] = None,
    ) -> None:
        self.status = status
        self.reason = reason
        self.body = body
        self.headers = headers  # kept as given: the response's case-insensitive mapping
        self.operation = operation
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


# -- reading the server's message out of an error body ----------------------------------------------------
def _location(loc: Any) -> str:
    if isinstance(loc, (list, tuple)):
        return ".".join(str(part) for part in loc)
    return str(loc) if loc is not None else ""


def _detail_messages(detail: Iterable[Any]) -> List[str]:
    messages = []
    for item in detail:
        if isinstance(item, Mapping):
            text = item.get("msg") or item.get("message") or ""
            where = _location(item.get("loc"))
            messages.append(f"{where}: {text}" if where else str(text))
        else:
            messages.append(str(item))
    return messages


def message_from_json(parsed: Any) -> Optional[str]:
    """The human-readable message of a decoded error body, in the shapes the API uses.

    `{"error": {"message": ...}}` (ErrorResponse), `{"detail": [{"loc": [...], "msg": ...}]}` (422
    validation errors), `{"detail": "..."}` and `{"message": "..."}`.
    """
    if not isinstance(parsed, Mapping):
        return None
    error = parsed.get("error")
    if isinstance(error, Mapping) and error.get("message"):
        return str(error["message"])
    if isinstance(error, str) and error:
        return error
    detail = parsed.get("detail")
    if isinstance(detail, list) and detail:
        return "; ".join(_detail_messages(detail[:10]))
    if isinstance(detail, str) and detail:
        return detail
    message = parsed.get("message")
    if isinstance(message, str) and message:
        return message
    return None


def server_message(body: Optional[str]) -> str:
    """The server's message from an error body: the JSON message, else the start of the text."""
    if not body:
        return ""
    text = body.strip()
    if text[:1] in ("{", "["):
        try:
            found = message_from_json(jsontext.loads(text))
        except ValueError:
            found = None
        if found:
            return found
    return " ".join(text[:BODY_SNIPPET_CHARS].split())


def redact(text: str, secrets: Iterable[Optional[str]]) -> str:
    """`text` with every secret replaced by a marker (secrets shorter than 6 characters are ignored)."""
    for secret in secrets:
        if secret and len(secret) >= 6 and secret in text:
            text = text.replace(secret, REDACTED)
    return text


__all__ = [
    "OpenApiException",
    "MixpeekError",
    "ApiTypeError",
    "ApiValueError",
    "RequestValidationError",
    "ApiAttributeError",
    "ApiKeyError",
    "ApiException",
    "BadRequestException",
    "UnauthorizedException",
    "ForbiddenException",
    "NotFoundException",
    "ConflictException",
    "UnprocessableEntityException",
    "TooManyRequestsException",
    "ServiceException",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ApiDeserializationError",
    "exception_class_for_status",
]
