"""Request dispatch: authentication, routing, namespace scoping, body validation and error mapping.

`Application.handle` turns any `Request` into a `Response` and never raises: refusals become the API's
`ErrorResponse` with the right status, and an unexpected failure becomes a 500 that names the exception
(and is logged with its traceback), so a bug in the emulator is visible rather than silent.
"""

from __future__ import annotations

import logging
from typing import Any

from mixpeek.local.auth import authenticate
from mixpeek.local.call import Call
from mixpeek.local.engine import Engine
from mixpeek.local.errors import ApiError, not_implemented
from mixpeek.local.hosts import check_host
from mixpeek.local.messages import Request, Response
from mixpeek.local.routing import Route, Router
from mixpeek.local.validation import validate_body

logger = logging.getLogger("mixpeek.local")


class Application:
    """Serves requests against one `Engine`."""

    def __init__(self, engine: Engine, router: Router) -> None:
        self.engine = engine
        self.router = router

    def handle(self, request: Request) -> Response:
        """The response for a request (errors included)."""
        try:
            return self._dispatch(request)
        except ApiError as error:
            return Response(error.status, error.to_body(), dict(error.headers))
        except Exception as exc:  # a bug in the local server: answer like the API would, and log it
            logger.exception("local server failed on %s %s", request.method, request.path)
            failure = ApiError(
                500, f"Internal error in the local Mixpeek server: {type(exc).__name__}: {exc}"
            )
            return Response(500, failure.to_body())

    def _dispatch(self, request: Request) -> Response:
        check_host(request.header("Host"), self.engine.options.allowed_hosts)
        authenticate(request.header("Authorization"), self.engine.options.api_keys)
        found = self.router.route(request.method, request.path)
        if found is None:
            raise self._no_route(request)
        route, params = found
        request.path_params = params
        self._check_body(route, request)
        with self.engine.lock:
            namespace = self._namespace(request) if route.scoped else None
            return self._run(route, Call(request, self.engine, namespace))

    def _run(self, route: Route, call: Call) -> Response:
        """Run the handler; a write with an ``Idempotency-Key`` header runs once per key."""
        request = call.request
        key = request.header("Idempotency-Key")
        if not key or request.method in ("GET", "HEAD") or not route.replay:
            return route.handler(call)
        scope = call.namespace_id if call.namespace is not None else ""
        signature = {"path": request.path, "query": dict(request.query), "body": request.json()}

        def perform() -> dict[str, Any]:
            response = route.handler(call)
            return {"status": response.status, "body": response.body}

        stored = self.engine.idempotent(scope, route.operation_id, key, signature, perform)
        return Response(int(stored["status"]), stored["body"])

    def _no_route(self, request: Request) -> ApiError:
        operation = self.router.unimplemented(request.method, request.path)
        if operation is not None:
            return not_implemented(
                f"{operation.method} {operation.template} ({operation.operation_id}) is not implemented "
                "by the local Mixpeek server",
                operation_id=operation.operation_id,
                method=operation.method,
                path=operation.template,
            )
        allowed = self.router.routes.methods_for(request.path) + self.router.spec.methods_for(request.path)
        if allowed:
            message = f"Method {request.method} not allowed on {request.path}"
            refusal = ApiError(405, message, details={"allowed": allowed})
            refusal.headers["Allow"] = ", ".join(allowed)
            return refusal
        return ApiError(404, f"No API operation at {request.method} {request.path}")

    @staticmethod
    def _check_body(route: Route, request: Request) -> None:
        if route.body == "none":
            return
        data = request.json()
        if data is None and route.body == "optional":
            return
        body = request.json_object()
        if route.body_model is not None:
            validate_body(route.body_model, body)

    def _namespace(self, request: Request) -> dict[str, object]:
        identifier = (request.header("X-Namespace") or "").strip()
        if not identifier:
            raise ApiError(400, "Missing X-Namespace header: name the namespace (id or name) to work in")
        return self.engine.namespace(identifier)
