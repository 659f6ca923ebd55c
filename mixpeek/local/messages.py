"""The server's view of one HTTP exchange, independent of `http.server`.

Handlers receive a `Request` (already authenticated and routed) and return a `Response`; the transport
layer does the wire work. Keeping these plain makes handlers easy to call and test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from mixpeek.local.errors import ApiError, JsonDict
from mixpeek.local.json_body import load_json


@dataclass
class Request:
    """An incoming request: method, decoded path, path parameters, query, headers (lower-case) and body."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""
    path_params: dict[str, str] = field(default_factory=dict)
    _json_cache: Any = field(default=None, repr=False)
    _json_parsed: bool = field(default=False, repr=False)

    def header(self, name: str) -> Optional[str]:
        """A header value by case-insensitive name, or None."""
        return self.headers.get(name.lower())

    def query_value(self, name: str) -> Optional[str]:
        """The last value of a query parameter, or None when absent."""
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self) -> Any:
        """The body decoded as JSON (None for an empty body); invalid JSON (NaN and out-of-range numbers
        included) is a 422 like the API's, nesting deeper than `json_body.MAX_DEPTH` a 400."""
        if not self._json_parsed:
            if not self.body.strip():
                self._json_cache = None
            else:
                self._json_cache = load_json(self.body)
            self._json_parsed = True
        return self._json_cache

    def json_object(self) -> JsonDict:
        """The body as a JSON object; anything else (including no body) is a 422."""
        data = self.json()
        if not isinstance(data, dict):
            raise ApiError(
                422,
                "Request body must be a JSON object",
                details={"errors": [{"loc": ["body"], "msg": "expected an object", "type": "dict_type"}]},
            )
        return data


@dataclass
class Response:
    """What a handler answers: status, a JSON-able body (None for no body) and extra headers.

    A response with ``stream`` has no JSON body: the transport sends its byte chunks as they come, with
    chunked transfer encoding (``headers`` give the Content-Type, such as ``text/event-stream``).
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    stream: Optional[Iterable[bytes]] = None


def ok(body: Any) -> Response:
    """A 200 with a JSON body."""
    return Response(200, body)
