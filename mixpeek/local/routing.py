"""Routes: which handler serves a (method, path), and which spec operation a path belongs to.

A route template uses the spec's syntax (``/v1/collections/{collection_identifier}``). When several
templates match a path, the one with more literal segments wins (``/v1/namespaces/standalone`` over
``/v1/namespaces/{namespace_identifier}``). Path parameters are percent-decoded after matching, so an
encoded ``/`` stays inside its parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Generic, Optional, TypeVar
from urllib.parse import unquote

from mixpeek.local.messages import Response

if TYPE_CHECKING:
    from mixpeek.local.call import Call

Handler = Callable[["Call"], Response]
Target = TypeVar("Target")
_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def compile_template(template: str) -> re.Pattern[str]:
    """A regex matching a path template, one named group per parameter."""
    pattern, position = "", 0
    for match in _PARAMETER.finditer(template):
        pattern += re.escape(template[position : match.start()]) + f"(?P<{match.group(1)}>[^/]+)"
        position = match.end()
    return re.compile("^" + pattern + re.escape(template[position:]) + "/?$")


def _literal_segments(template: str) -> int:
    return sum(1 for part in template.split("/") if part and not _PARAMETER.fullmatch(part))


@dataclass(frozen=True)
class Route:
    """One implemented operation.

    scoped: the operation belongs to the namespace named by ``X-Namespace`` (required).
    body_model: the generated request model the JSON body is validated with (None: any JSON object).
    body: "required", "optional" or "none".
    replay: writes honour an ``Idempotency-Key`` header in the dispatcher (False when the handler does).
    """

    method: str
    template: str
    operation_id: str
    handler: Handler
    scoped: bool = True
    body_model: Optional[str] = None
    body: str = "none"
    replay: bool = True


@dataclass(frozen=True)
class SpecOperation:
    """An operation of the spec, known by method, path template and operationId."""

    method: str
    template: str
    operation_id: str


@dataclass
class PathTable(Generic[Target]):
    """Templates compiled once, looked up by method and path."""

    _entries: list[tuple[int, str, str, re.Pattern[str], Target]] = field(default_factory=list)

    def add(self, method: str, template: str, target: Target) -> None:
        self._entries.append(
            (_literal_segments(template), method.upper(), template, compile_template(template), target)
        )
        self._entries.sort(key=lambda entry: -entry[0])

    def match(self, method: str, path: str) -> Optional[tuple[Target, dict[str, str]]]:
        """The best target for a method and path, with its decoded path parameters."""
        for _, entry_method, _, pattern, target in self._entries:
            if entry_method != method.upper():
                continue
            found = pattern.match(path)
            if found:
                return target, {name: unquote(value) for name, value in found.groupdict().items()}
        return None

    def methods_for(self, path: str) -> list[str]:
        """Every method some template accepts for this path."""
        return sorted({entry[1] for entry in self._entries if entry[3].match(path)})


class Router:
    """The implemented routes plus the spec's other operations (answered with 501)."""

    def __init__(self, routes: Iterable[Route], spec_operations: Sequence[SpecOperation] = ()) -> None:
        self.routes: PathTable[Route] = PathTable()
        self.spec: PathTable[SpecOperation] = PathTable()
        implemented = set()
        for route in routes:
            self.routes.add(route.method, route.template, route)
            implemented.add((route.method.upper(), route.template))
        for operation in spec_operations:
            if (operation.method.upper(), operation.template) not in implemented:
                self.spec.add(operation.method, operation.template, operation)

    def route(self, method: str, path: str) -> Optional[tuple[Route, dict[str, str]]]:
        """The implemented route for a request, if any."""
        return self.routes.match(method, path)

    def unimplemented(self, method: str, path: str) -> Optional[SpecOperation]:
        """The spec operation a request names when the local server does not implement it."""
        found = self.spec.match(method, path)
        return found[0] if found else None
