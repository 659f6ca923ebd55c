"""Filling a retriever's stage parameters from the execute request's ``inputs``.

Two forms are recognized anywhere in the parameters:

* ``"{{INPUT.name}}"`` (also ``{{inputs.name}}``; dotted paths reach into nested inputs): a string that is
  exactly one template is replaced by the input's value of any type (a list stays a list); templates inside
  a longer string are replaced by the value's text;
* ``{"type": "dynamic", "field": "INPUT.name"}`` (the API's `DynamicValue`): replaced by the value.

A template naming an input that was not given is left as it is, so the stage that needs it can say so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mixpeek.local.fields import MISSING

_WHOLE = re.compile(r"^\{\{\s*(?:INPUT|INPUTS|inputs?)\.([\w.]+)\s*\}\}$")
_EMBEDDED = re.compile(r"\{\{\s*(?:INPUT|INPUTS|inputs?)\.([\w.]+)\s*\}\}")
_DYNAMIC_PREFIX = re.compile(r"^(?:INPUT|INPUTS|inputs?)\.")


def _input(inputs: Mapping[str, Any], path: str) -> Any:
    value: Any = inputs
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return MISSING
        value = value[part]
    return value


def fill(value: Any, inputs: Mapping[str, Any]) -> Any:
    """A copy of `value` with every template replaced by the matching input."""
    if isinstance(value, str):
        whole = _WHOLE.match(value)
        if whole:
            found = _input(inputs, whole.group(1))
            return value if found is MISSING else found

        def replace(match: re.Match[str]) -> str:
            found = _input(inputs, match.group(1))
            return match.group(0) if found is MISSING else str(found)

        return _EMBEDDED.sub(replace, value)
    if isinstance(value, list):
        return [fill(item, inputs) for item in value]
    if isinstance(value, dict):
        if value.get("type") == "dynamic" and isinstance(value.get("field"), str) and len(value) <= 2:
            found = _input(inputs, _DYNAMIC_PREFIX.sub("", value["field"]))
            return value if found is MISSING else found
        return {key: fill(item, inputs) for key, item in value.items()}
    return value


def unfilled_template(value: Any) -> bool:
    """Whether a value is still a template (its input was not given)."""
    return isinstance(value, str) and _WHOLE.match(value) is not None
