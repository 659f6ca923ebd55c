"""Refusing an invalid request before it is sent: pydantic's validation errors (of a request body or of a
path, query or header parameter) and undeclared fields of a request body become `RequestValidationError`,
naming the call, the argument and each field at fault, with a short reason per field (pydantic's own text,
with its links and input dumps, stays in `__cause__`). The one owner of these messages' wording.

Used by the runtime's body encoding and parameter checks (`plan.py`) and by the hand-written helpers above
the generated layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Tuple

from pydantic import BaseModel, ValidationError

from mixpeek.exceptions import RequestValidationError

#: How many failing fields a message lists before saying how many more there are.
SHOWN_PROBLEMS = 8

#: Reasons worded by the SDK for the commonest pydantic error types, `{name}` filled from the error's
#: context (`{le}` is the bound); other types use pydantic's short `msg`.
_REASONS: Dict[str, str] = {
    "missing": "required, but not given",
    "extra_forbidden": "not a field of this model",
    "list_type": "expected a list",
    "dict_type": "expected an object (a dict)",
    "model_type": "expected an object (a dict or the model)",
    "string_type": "expected a string",
    "int_type": "expected an integer",
    "int_parsing": "expected an integer",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "greater_than_equal": "at least {ge}",
    "greater_than": "more than {gt}",
    "less_than_equal": "at most {le}",
    "less_than": "less than {lt}",
    "multiple_of": "a multiple of {multiple_of}",
    "string_too_short": "at least {min_length} characters",
    "string_too_long": "at most {max_length} characters",
    "too_short": "at least {min_length} items",
    "too_long": "at most {max_length} items",
    "string_pattern_mismatch": "expected text matching the pattern {pattern}",
    "datetime_type": "expected a date-time (ISO 8601, such as 2026-01-02T03:04:05Z)",
    "datetime_parsing": "expected a date-time (ISO 8601, such as 2026-01-02T03:04:05Z)",
    "datetime_from_date_parsing": "expected a date-time (ISO 8601, such as 2026-01-02T03:04:05Z)",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
}

#: How long a parameter's value may be in a message before it is cut short.
SHOWN_VALUE_CHARS = 80


def field_path(loc: Any) -> str:
    """A pydantic location as a dotted path (`source.bucket_ids`, `stages.0.top_k`); `(root)` when empty."""
    return ".".join(str(part) for part in loc or ()) or "(root)"


def _context_value(value: Any) -> str:
    """A bound or pattern from an error's context as a message shows it (`100`, not `100.0`)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def short_reason(item: Mapping[str, Any]) -> str:
    """One problem's reason in a few words: ours for common types, pydantic's `msg` otherwise."""
    context = item.get("ctx") or {}
    if item.get("type") in ("enum", "literal_error") and context.get("expected"):
        return f"expected one of {context['expected']}"
    template = _REASONS.get(str(item.get("type")))
    if template is None:
        return str(item.get("msg", "invalid"))
    try:
        return template.format(**{key: _context_value(value) for key, value in context.items()})
    except (KeyError, IndexError):  # a context without the named value: pydantic's words, not a crash
        return str(item.get("msg", "invalid"))


def problems_of(error: ValidationError, within: Tuple[Any, ...] = ()) -> List[Tuple[Tuple[Any, ...], str]]:
    """Each problem of a pydantic error as (location, short reason), locations prefixed with `within`."""
    return [(within + tuple(item.get("loc", ())), short_reason(item)) for item in error.errors()]


def validation_message(error: ValidationError) -> str:
    """The problems of a pydantic error, `path: reason` each (the reason alone for the validated value
    itself), the first `SHOWN_PROBLEMS` of them."""
    problems = problems_of(error)
    parts = [f"{field_path(loc)}: {reason}" if loc else reason for loc, reason in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        parts.append(f"and {len(problems) - SHOWN_PROBLEMS} more")
    return "; ".join(parts)


def _refused(
    label: str, subject: str, error: ValidationError, within: Tuple[Any, ...] = ()
) -> RequestValidationError:
    """The one wording of a refused argument: `label: subject is not valid: problems; nothing was sent`."""
    return RequestValidationError(
        f"{label}: {subject} is not valid: {validation_message(error)}; nothing was sent",
        problems_of(error, within),
    )


def invalid_argument(
    label: str, param_name: str, error: ValidationError, model: Optional[type] = None
) -> RequestValidationError:
    """The SDK's error for an argument of `label` ("Api.method") that failed pydantic validation.

    Chain the pydantic error as `__cause__` (`raise ... from error`)."""
    model_name = model.__name__ if model is not None else str(error.title)
    return _refused(label, f"{param_name} ({model_name})", error)


def invalid_parameter(
    label: str, name: str, location: str, value: Any, error: ValidationError
) -> RequestValidationError:
    """The SDK's error for a path, query or header parameter of `label` that its declared type refuses.

    The message shows a path or query value (cut to `SHOWN_VALUE_CHARS`), never a header's: headers carry
    keys and passwords (`X-Public-API-Key`). Each problem's location starts with the parameter's name.
    Chain the pydantic error as `__cause__` (`raise ... from error`)."""
    if location == "header":
        subject = f"{name} (header parameter)"
    else:
        shown = repr(value)
        if len(shown) > SHOWN_VALUE_CHARS:
            shown = shown[: SHOWN_VALUE_CHARS - 3] + "..."
        subject = f"{name}={shown} ({location} parameter)"
    return _refused(label, subject, error, within=(name,))


def _unknown_fields_with_owner(value: Any, where: str = "") -> List[Tuple[str, type]]:
    """(dotted path, model class declaring the fields there) of each undeclared field set under `value`."""
    found: List[Tuple[str, type]] = []
    if isinstance(value, BaseModel):
        extra = value.__pydantic_extra__
        if extra and not getattr(type(value), "__open_schema__", True):
            found.extend((f"{where}{name}", type(value)) for name in extra)
        for name in value.model_fields_set:
            found.extend(_unknown_fields_with_owner(getattr(value, name, None), f"{where}{name}."))
    elif isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (BaseModel, list, tuple, Mapping)):
            for index, item in enumerate(value):
                found.extend(_unknown_fields_with_owner(item, f"{where}{index}."))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, (BaseModel, list, tuple, Mapping)):
                found.extend(_unknown_fields_with_owner(item, f"{where}{key}."))
    return found


def unknown_fields(value: Any, where: str = "") -> List[str]:
    """Dotted paths of fields set on a request model whose schema does not declare them.

    Models of open schemas (`__open_schema__`) accept anything; lists and dicts are searched for nested
    models, but a list whose first item is a scalar (a vector, say) is not walked item by item.
    """
    return [path for path, _owner in _unknown_fields_with_owner(value, where)]


def declared_fields(model: type) -> str:
    """The wire names of a model's fields, comma-separated (what a misspelt key could have meant)."""
    fields = getattr(model, "model_fields", {})
    return ", ".join(field.alias or name for name, field in fields.items())


def refuse_unknown_fields(model: BaseModel, label: str, param_name: str) -> None:
    """`RequestValidationError` when a request body carries fields its schema does not declare.

    Each misspelt path is followed by the fields of the model at that path (a nested key lists the
    nested model's fields, not the body's)."""
    unknown = _unknown_fields_with_owner(model)
    if not unknown:
        return
    parts = []
    for owner in dict.fromkeys(owner for _path, owner in unknown):
        paths = ", ".join(repr(path) for path, at in unknown if at is owner)
        parts.append(f"{paths} ({owner.__name__}'s fields: {declared_fields(owner)})")
    raise RequestValidationError(
        f"{label}: {param_name} ({type(model).__name__}) has no field "
        + "; ".join(parts)
        + "; nothing was sent",
        [(tuple(path.split(".")), "Unknown field") for path, _owner in unknown],
    )
