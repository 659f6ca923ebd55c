"""Request bodies checked with the SDK's own generated request models (`mixpeek.models.<Name>`).

Using the same models the client validates with keeps the local server and the SDK in agreement about
what a valid request is. Models are imported lazily, on first use. A body that does not validate is a 422
in the API's error shape, with one entry per problem under ``error.details.errors``.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from mixpeek.local.errors import ApiError


@cache
def model_class(name: str) -> Optional[type[BaseModel]]:
    """The generated model class called `name`, or None when the models package does not define it."""
    try:
        models = importlib.import_module("mixpeek.models")
        found = getattr(models, name)
    except (ImportError, AttributeError):
        return None
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def validation_failure(message: str, errors: list[dict[str, Any]]) -> ApiError:
    """A 422 carrying a list of validation problems."""
    return ApiError(422, message, details={"errors": errors})


def validate_body(model_name: str, data: Any) -> None:
    """Raise a 422 unless `data` validates against the named request model."""
    model = model_class(model_name)
    if model is None:
        return
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"loc": ["body", *error["loc"]], "msg": error["msg"], "type": error["type"]}
            for error in exc.errors(include_url=False, include_input=False)
        ]
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"][1:]) or "body"
        raise validation_failure(f"Invalid {model_name}: {where}: {first['msg']}", errors) from None
