"""Refusing an invalid request before it is sent: pydantic's validation errors and undeclared fields of a
request body become `RequestValidationError`, naming the call, the argument and each field at fault.

Used by the runtime's body encoding and by the hand-written helpers above the generated layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, List

from pydantic import BaseModel, ValidationError

from mixpeek.exceptions import RequestValidationError


def validation_message(error: ValidationError) -> str:
    """The first problems of a pydantic error, each with its field location."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item.get("loc", ())) or "(root)"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def invalid_argument(label: str, param_name: str, error: ValidationError) -> RequestValidationError:
    """The SDK's error for an argument of `label` ("Api.method") that failed pydantic validation."""
    problems = [(tuple(item.get("loc", ())), str(item.get("msg", "invalid"))) for item in error.errors()]
    return RequestValidationError(f"{label}: invalid {param_name}: {validation_message(error)}", problems)


def unknown_fields(value: Any, where: str = "") -> List[str]:
    """Dotted paths of fields set on a request model whose schema does not declare them.

    Models of open schemas (`__open_schema__`) accept anything; lists and dicts are searched for nested
    models, but a list whose first item is a scalar (a vector, say) is not walked item by item.
    """
    found: List[str] = []
    if isinstance(value, BaseModel):
        extra = value.__pydantic_extra__
        if extra and not getattr(type(value), "__open_schema__", True):
            found.extend(f"{where}{name}" for name in extra)
        for name in value.model_fields_set:
            found.extend(unknown_fields(getattr(value, name, None), f"{where}{name}."))
    elif isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (BaseModel, list, tuple, Mapping)):
            for index, item in enumerate(value):
                found.extend(unknown_fields(item, f"{where}{index}."))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, (BaseModel, list, tuple, Mapping)):
                found.extend(unknown_fields(item, f"{where}{key}."))
    return found


def refuse_unknown_fields(model: BaseModel, label: str, param_name: str) -> None:
    """`RequestValidationError` when a request body carries fields its schema does not declare."""
    unknown = unknown_fields(model)
    if unknown:
        known = ", ".join(field.alias or name for name, field in type(model).model_fields.items())
        raise RequestValidationError(
            f"{label}: {param_name} ({type(model).__name__}) has no field "
            + ", ".join(repr(path) for path in unknown)
            + f"; nothing was sent. Its fields: {known}",
            [(tuple(path.split(".")), "Unknown field") for path in unknown],
        )
