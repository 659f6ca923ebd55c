"""Operation descriptors: what generated API methods declare, and what `ApiClient.call` executes.

Generated code builds one frozen `Operation` per API method at import time and passes it, with the
positional argument values, to `ApiClient.call`. Everything that can be computed once per operation
(the path template split into pieces, resolved types, the `Accept` header, the derived defaults below) is
computed by the runtime on the first call and cached on the descriptor; see `mixpeek._runtime.plan`.

A descriptor states only what differs from the defaults this module owns (the generator leaves the rest out;
`Param.wire` is filled when the parameter is built, `Operation.api` when its class is created):

- `Param.wire`: the Python name; `Param.required`: False; `Param.type`: "Any" (not checked).
- `Operation.api`: the class whose module declares the descriptor (`bind_api`, called by `BaseApi`).
- `Operation.content_type`: `default_content_type(...)`: JSON when a parameter is the body, else none.
- `Operation.response_media`: JSON. `Operation.security`: `DEFAULT_SECURITY`.
- `Operation.idempotent`: `default_idempotent(method)`: true for the methods in `IDEMPOTENT_METHODS`.
- `Operation.responses`: the 2xx answers; every status it does not list answers the common error model
  (`COMMON_ERROR_MODEL`). Error bodies are never decoded by this table: `ApiException.data` is chosen by the
  body's shape, so an error entry is listed only when it names another model, as information.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Optional, Tuple, Union

from typing_extensions import TypedDict

#: Where a parameter goes in the request.
LOCATIONS = ("path", "query", "header", "body", "form")
#: The media type of a JSON request or answer: the default of both.
JSON_MEDIA = "application/json"
#: The credentials an operation needs unless its descriptor says otherwise: an API key and a namespace.
DEFAULT_SECURITY: Tuple[str, ...] = ("BearerAuth", "NamespaceHeader")
#: HTTP methods whose requests are safe to send again after a broken connection: an operation using one is
#: idempotent unless its descriptor says otherwise (the API's read-only POST .../list endpoints say so).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
#: The model of every error answer an operation's `responses` does not list.
COMMON_ERROR_MODEL = "ErrorResponse"


@dataclass(frozen=True)
class Param:
    """One parameter of an operation, in the order of the generated method's positional parameters."""

    name: str  # Python name (snake_case, keyword-safe, e.g. "var_async")
    location: str  # one of LOCATIONS
    required: bool = False
    # "body": the request type expression (e.g. "CreateCollectionRequest"); "form": the field's type.
    # A type object is accepted as well as a string expression.
    type: Any = "Any"
    is_file: bool = False  # form fields carrying file content
    wire: str = ""  # name on the wire ("async", "X-Session-ID"); "" (left out) means the same as `name`

    def __post_init__(self) -> None:
        if self.location not in LOCATIONS:
            raise ValueError(f"Param {self.name!r}: unknown location {self.location!r}; expected {LOCATIONS}")
        if not self.wire:
            object.__setattr__(self, "wire", self.name)


@dataclass(frozen=True)
class Operation:
    """One HTTP operation of the API, as declared by generated code.

    `responses` maps a status code ("200", "2XX" or "default") to a type expression: a string evaluated
    lazily against `typing` names and `mixpeek.models` ("CollectionResponse", "List[X]", "Dict[str, Any]",
    "Any", "None"), or a type object. `idempotent` says the request is safe to send again when the connection
    broke after it was sent. Fields left at None (and `api` left empty) take the defaults of this module's
    docstring; `mixpeek._runtime.plan.Plan` holds the values in effect.
    """

    name: str
    method: str
    path: str
    responses: Mapping[str, Any]
    params: Tuple[Param, ...] = ()
    api: str = ""  # the API class, for error messages; "" until `bind_api` names the declaring class
    content_type: Optional[str] = None  # None: default_content_type(locations of params)
    response_media: str = JSON_MEDIA
    security: Tuple[str, ...] = DEFAULT_SECURITY
    idempotent: Optional[bool] = None  # None: default_idempotent(method)
    # Keyword parameters an earlier SDK version had and the API dropped: accepted, warned about, not sent.
    retired: Tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How errors and logs name the operation: "CollectionsApi.get_collection"."""
        return f"{self.api}.{self.name}" if self.api else self.name


def default_idempotent(method: str) -> bool:
    """Whether an operation using the HTTP `method` is safe to repeat when its descriptor does not say."""
    return method.upper() in IDEMPOTENT_METHODS


def default_content_type(locations: Iterable[str]) -> Optional[str]:
    """The request media type of an operation whose descriptor names none, from its parameters' locations:
    JSON when one of them is the body, else none."""
    return JSON_MEDIA if "body" in locations else None


def bind_api(api: str, namespace: Mapping[str, Any]) -> None:
    """Name `api` as the class of every descriptor in `namespace` (a module's globals) that names none.

    A generated module declares the descriptors of exactly one class before the class itself, so the class
    binds them when it is created (`BaseApi.__init_subclass__`) and no descriptor repeats the class name.
    """
    for value in list(namespace.values()):
        if isinstance(value, Operation) and not value.api:
            object.__setattr__(value, "api", api)


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as keyword arguments.

    - `_request_timeout`: seconds for both connect and read, or a (connect, read) tuple.
    - `_headers`: extra request headers (values must not contain CR or LF).
    - `_content_type`: overrides the request body's media type.
    - `_host_index`: accepted for compatibility with the published package; the configured host is used.
    - `_max_retries`: overrides the configured retry count for this call (0 turns retries off).
    - `_idempotency_key`: sent as `Idempotency-Key`; makes a POST safe to retry after a broken connection.
    - `_request_auth`: accepted for compatibility: a {"in": "header", "key": name, "value": value} mapping.
    - `_as_records`: return the 2xx body as plain JSON whose objects are `Record` dicts (attribute access
      too) instead of the declared model; what the high-level client returns. Errors are unchanged.
    """

    _request_timeout: Union[None, float, Tuple[float, float]]
    _headers: Optional[Dict[str, str]]
    _content_type: Optional[str]
    _host_index: Optional[int]
    _max_retries: Optional[int]
    _idempotency_key: Optional[str]
    _request_auth: Optional[Dict[str, Any]]
    _as_records: bool


#: The option names `ApiClient.call` accepts; anything else is reported as an unexpected keyword argument.
OPTION_NAMES = frozenset(RequestOptions.__annotations__)
