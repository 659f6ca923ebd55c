"""Operation descriptors: what generated API methods declare, and what `ApiClient.call` executes.

Generated code builds one frozen `Operation` per API method at import time and passes it, with the
positional argument values, to `ApiClient.call`. Everything that can be computed once per operation
(the path template split into pieces, resolved types, the `Accept` header) is computed by the runtime on the
first call and cached on the descriptor; see `mixpeek._runtime.plan`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple, Union

from typing_extensions import TypedDict

#: Where a parameter goes in the request.
LOCATIONS = ("path", "query", "header", "body", "form")


@dataclass(frozen=True)
class Param:
    """One parameter of an operation, in the order of the generated method's positional parameters."""

    name: str  # Python name (snake_case, keyword-safe, e.g. "var_async")
    wire: str  # name on the wire ("async", "X-Session-ID", "limit")
    location: str  # one of LOCATIONS
    required: bool
    # "body": the request type expression (e.g. "CreateCollectionRequest"); "form": the field's type.
    # A type object is accepted as well as a string expression.
    type: Any = "Any"
    is_file: bool = False  # form fields carrying file content

    def __post_init__(self) -> None:
        if self.location not in LOCATIONS:
            raise ValueError(f"Param {self.name!r}: unknown location {self.location!r}; expected {LOCATIONS}")


@dataclass(frozen=True)
class Operation:
    """One HTTP operation of the API, as declared by generated code.

    `responses` maps a status code ("200", "2XX" or "default") to a type expression: a string evaluated
    lazily against `typing` names and `mixpeek.models` ("CollectionResponse", "List[X]", "Dict[str, Any]",
    "Any", "None"), or a type object. `idempotent` says the request is safe to send again when the connection
    broke after it was sent (GET/PUT/DELETE/HEAD and the API's read-only POST .../list endpoints).
    """

    name: str
    api: str
    method: str
    path: str
    params: Tuple[Param, ...]
    responses: Mapping[str, Any]
    content_type: Optional[str] = None
    response_media: str = "application/json"
    security: Tuple[str, ...] = ("BearerAuth", "NamespaceHeader")
    idempotent: bool = False
    # Keyword parameters an earlier SDK version had and the API dropped: accepted, warned about, not sent.
    retired: Tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How errors and logs name the operation: "CollectionsApi.get_collection"."""
        return f"{self.api}.{self.name}"


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
