"""What a handler receives: the request, the engine, its namespace and its validated body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from mixpeek.local.engine import Engine
from mixpeek.local.errors import ApiError
from mixpeek.local.messages import Request

JsonDict = dict[str, Any]

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


@dataclass
class Call:
    """One authenticated, routed request."""

    request: Request
    engine: Engine
    namespace: Optional[JsonDict] = None

    @property
    def namespace_id(self) -> str:
        """The id of the namespace named by ``X-Namespace`` (scoped routes only)."""
        if self.namespace is None:
            raise RuntimeError("this route is not scoped to a namespace")
        return str(self.namespace["namespace_id"])

    def param(self, name: str) -> str:
        """A path parameter."""
        return self.request.path_params[name]

    def body(self) -> JsonDict:
        """The JSON body as an object (validated before the handler runs); {} when there is none."""
        data = self.request.json()
        return data if isinstance(data, dict) else {}

    def list_request(self) -> Optional[JsonDict]:
        """The filters of a list call: the body of its ``POST .../list`` form, None for the ``GET`` form."""
        return self.body() if self.request.method == "POST" else None

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean query parameter (``true``/``false``); 422 for another value."""
        raw = self.request.query_value(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise ApiError(
            422,
            f"Query parameter '{name}' must be a boolean",
            details={"errors": [{"loc": ["query", name], "msg": "expected true or false", "input": raw}]},
        )
