"""Errors the local server answers with, in the API's `ErrorResponse` shape.

Every failure a handler detects is raised as `ApiError`; the HTTP layer turns it into
``{"success": false, "status": N, "error": {"message", "type", "details"}}`` so clients see exactly what
the hosted API would send.
"""

from __future__ import annotations

from typing import Any, Optional

JsonDict = dict[str, Any]

#: The stable machine-readable `error.type` for each status the local server produces.
ERROR_TYPES: dict[int, str] = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    403: "ForbiddenError",
    404: "NotFoundError",
    405: "MethodNotAllowedError",
    408: "RequestTimeoutError",
    409: "ConflictError",
    413: "PayloadTooLargeError",
    422: "ValidationError",
    500: "InternalServerError",
    501: "NotImplementedError",
    503: "ServiceUnavailableError",
}

#: `error.type` of a 400 for a valid request using a feature the local server does not emulate.
UNSUPPORTED_TYPE = "NotSupportedByLocalServerError"


class ApiError(Exception):
    """A request the server refuses; carries the HTTP status and the error body's fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: Optional[str] = None,
        details: Optional[JsonDict] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type or ERROR_TYPES.get(status, "Error")
        self.details = details
        self.headers: dict[str, str] = {}

    def to_body(self) -> JsonDict:
        """The JSON body of the error response (`ErrorResponse`)."""
        error: JsonDict = {"message": self.message, "type": self.error_type}
        if self.details is not None:
            error["details"] = self.details
        return {"success": False, "status": self.status, "error": error}


def bad_request(message: str, **details: Any) -> ApiError:
    """A 400 for a request that is well-formed but cannot be served as asked."""
    return ApiError(400, message, details=details or None)


def not_found(resource: str, identifier: str) -> ApiError:
    """A 404 naming the missing resource."""
    return ApiError(
        404,
        f"{resource.capitalize()} '{identifier}' not found",
        details={"resource": resource, "id": identifier},
    )


def conflict(message: str, **details: Any) -> ApiError:
    """A 409 for a write that clashes with existing state."""
    return ApiError(409, message, details=details or None)


def not_implemented(message: str, **details: Any) -> ApiError:
    """A 501 for something the API offers but the local server does not emulate."""
    return ApiError(501, message, details=details or None)


def unsupported(message: str, **details: Any) -> ApiError:
    """A 400 for a valid request that uses a feature the local server does not emulate.

    (Whole operations the server lacks answer 501; inside an implemented operation a 400 says what to change.)
    """
    return ApiError(400, message, error_type=UNSUPPORTED_TYPE, details=details or None)
