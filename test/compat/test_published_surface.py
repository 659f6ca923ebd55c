"""Code written against the published ``mixpeek`` 1.3.783 package keeps working: its public names exist.

The names come from ``published-surface-1.3.783.json`` (names only; see ``extract_surface.py``). Checked:
every API class, every method (accidental names are aliases) with its ``_with_http_info`` and
``_without_preload_content`` forms, the parameter names in the same positional order with the same required
flags, the return type; every model, enum and union name; every model attribute with its wire name; every
top-level export. The published package wrapped unions in objects (``actual_instance`` ...); this SDK uses
plain ``Union`` aliases by design, so only the names of union schemas are checked.
"""

from __future__ import annotations

import enum
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

import mixpeek
import mixpeek.models

SURFACE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "published-surface-1.3.783.json").read_text(encoding="utf-8")
)
API_CLASSES = sorted(SURFACE["api_classes"])

def _normalise(type_name: str) -> str:
    """The published package wrote ``object`` where this SDK writes ``Any``."""
    return re.sub(r"\bobject\b", "Any", type_name)


def _spec_parameters(method: Any) -> list[str]:
    parameters = list(inspect.signature(method).parameters.values())[1:]  # without self
    return [
        param.name + ("" if param.default is inspect.Parameter.empty else "?")
        for param in parameters
        if param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]


@pytest.mark.parametrize("class_name", API_CLASSES)
def test_published_api_class_has_every_method_with_the_same_parameters(class_name: str) -> None:
    cls = getattr(mixpeek, class_name)
    problems: list[str] = []
    for method_name, published in SURFACE["api_classes"][class_name].items():
        for suffix in ("", "_with_http_info", "_without_preload_content"):
            if not callable(getattr(cls, method_name + suffix, None)):
                problems.append(f"missing method {method_name}{suffix}")
        method = getattr(cls, method_name, None)
        if method is None:
            continue
        ours = _spec_parameters(method)
        if ours != published["params"]:
            problems.append(f"{method_name}: parameters {ours} != published {published['params']}")
        keyword_only = {
            param.name
            for param in inspect.signature(method).parameters.values()
            if param.kind is inspect.Parameter.KEYWORD_ONLY
        }
        if not {"authorization", "x_namespace"} <= keyword_only:
            problems.append(f"{method_name}: authorization/x_namespace are not keyword arguments")
        returns = inspect.signature(method).return_annotation
        if _normalise(str(returns)) != _normalise(published["returns"]):
            problems.append(f"{method_name}: returns {returns} != published {published['returns']}")
    assert not problems, "\n".join(problems)


def test_every_published_model_enum_and_union_exists() -> None:
    missing = [name for name in SURFACE["models"] if not hasattr(mixpeek.models, name)]
    assert not missing, missing
    not_enums = [
        name
        for name, info in SURFACE["models"].items()
        if info["kind"] == "enum" and not issubclass(getattr(mixpeek.models, name), enum.Enum)
    ]
    assert not not_enums, not_enums


def test_every_published_model_attribute_exists_with_its_wire_name() -> None:
    problems: list[str] = []
    for name, info in SURFACE["models"].items():
        if info["kind"] != "model":
            continue
        cls = getattr(mixpeek.models, name)
        fields = cls.model_fields
        for attribute, wire in info["fields"].items():
            if attribute == "additional_properties" and isinstance(getattr(cls, attribute, None), property):
                continue  # undeclared fields, offered under the published name
            if attribute not in fields:
                problems.append(f"{name}.{attribute} missing")
            elif (fields[attribute].alias or attribute) != wire:
                problems.append(f"{name}.{attribute}: wire name {fields[attribute].alias!r} != {wire!r}")
    assert not problems, "\n".join(problems[:50])


def test_every_published_top_level_export_exists() -> None:
    missing = [name for name in SURFACE["top_level_exports"] if name not in mixpeek.__all__]
    assert not missing, missing
    unresolved = [name for name in SURFACE["top_level_exports"] if getattr(mixpeek, name, None) is None]
    assert not unresolved, unresolved
