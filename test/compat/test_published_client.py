"""Code written against the published high-level client (``mixpeek._client``, 1.3.783) binds to ours.

The surface comes from ``published-client-surface-1.3.783.json`` (names, kinds and defaults only; see
``extract_client_surface.py``). For `Mixpeek` and every resource reachable from it: the resource attributes
exist with the published class names; every published method exists; every way the published signature
can be called (each positional parameter by position and by keyword, each keyword-only one by keyword, the
optional ones left out or given, unknown keywords where it took ``**kwargs``) binds to ours; and every
published default is ours too. Ours may take more parameters, as long as they are optional.
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mixpeek.client import Mixpeek

SURFACE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "published-client-surface-1.3.783.json").read_text(encoding="utf-8")
)
CLASSES: dict[str, Any] = SURFACE["classes"]
POSITIONAL = "POSITIONAL_OR_KEYWORD"
KEYWORD_ONLY = "KEYWORD_ONLY"
VAR_KEYWORD = "VAR_KEYWORD"
#: A value for every parameter in a call form (binding never looks at values).
VALUE = object()


def our_classes() -> dict[str, type]:
    """Our class for each published class name: `Mixpeek`, and the resources under their published names."""
    resources = importlib.import_module("mixpeek._client.resources")
    return {
        name: Mixpeek if name == SURFACE["client_class"] else getattr(resources, name) for name in CLASSES
    }


def call_forms(parameters: list[dict[str, Any]]) -> Iterator[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(description, args, kwargs) for the ways published code may call a method with these parameters."""
    positional = [p for p in parameters if p["kind"] == POSITIONAL]
    keyword_only = [p for p in parameters if p["kind"] == KEYWORD_ONLY]
    required_keywords = {p["name"]: VALUE for p in keyword_only if p.get("required")}
    required_positional = [p for p in positional if p.get("required")]
    yield "required only, positionally", (VALUE,) * len(required_positional), dict(required_keywords)
    yield (
        "required only, by keyword",
        (),
        {**{p["name"]: VALUE for p in required_positional}, **required_keywords},
    )
    yield (
        "every parameter, positionally",
        (VALUE,) * len(positional),
        {**{p["name"]: VALUE for p in keyword_only}},
    )
    yield "every parameter, by keyword", (), {p["name"]: VALUE for p in positional + keyword_only}
    if any(p["kind"] == VAR_KEYWORD for p in parameters):
        yield (
            "with an extra keyword",
            (VALUE,) * len(required_positional),
            {
                **required_keywords,
                "an_extra_field": VALUE,
            },
        )


def binding_problems(method: Any, parameters: list[dict[str, Any]]) -> list[str]:
    signature = inspect.signature(method)
    problems = []
    for description, args, kwargs in call_forms(parameters):
        try:
            signature.bind(None, *args, **kwargs)  # None stands for self
        except TypeError as error:
            problems.append(f"{description}: {error}")
    return problems


def default_problems(method: Any, parameters: list[dict[str, Any]]) -> list[str]:
    ours = inspect.signature(method).parameters
    problems = []
    for published in parameters:
        if published.get("required") or published["kind"] not in (POSITIONAL, KEYWORD_ONLY):
            continue
        mine = ours.get(published["name"])
        if mine is None or mine.default != published["default"]:
            found = "missing" if mine is None else repr(mine.default)
            problems.append(f"{published['name']}: default {found}, published {published['default']!r}")
    return problems


def methods() -> list[tuple[str, str]]:
    return [(cls, name) for cls, info in sorted(CLASSES.items()) for name in sorted(info["methods"])]


@pytest.mark.parametrize(("class_name", "method_name"), methods(), ids=[f"{c}.{m}" for c, m in methods()])
def test_every_published_method_exists_binds_every_call_form_and_keeps_the_defaults(
    class_name: str, method_name: str
) -> None:
    cls = our_classes()[class_name]
    method = getattr(cls, method_name, None)
    assert callable(method), f"{class_name}.{method_name} is missing"
    parameters = CLASSES[class_name]["methods"][method_name]
    problems = binding_problems(method, parameters) + default_problems(method, parameters)
    assert not problems, "\n".join(problems)


def test_the_constructor_takes_every_published_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIXPEEK_BASE_URL", raising=False)
    parameters = SURFACE["init"]
    assert not binding_problems(Mixpeek.__init__, parameters)
    assert not default_problems(Mixpeek.__init__, parameters)
    Mixpeek("sk_x", namespace="ns", base_url="https://api.mixpeek.com/v1", timeout=30.0).close()


def test_every_resource_attribute_is_there_with_its_published_class(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIXPEEK_BASE_URL", raising=False)
    classes = our_classes()
    with Mixpeek("sk_x") as mp:
        pending: list[tuple[str, Any, str]] = [("mp", mp, SURFACE["client_class"])]
        while pending:
            path, instance, class_name = pending.pop()
            assert isinstance(instance, classes[class_name]), path
            for attribute, child_class in CLASSES[class_name]["resources"].items():
                pending.append((f"{path}.{attribute}", getattr(instance, attribute), child_class))


@pytest.mark.parametrize("module_name", sorted(SURFACE["modules"]))
def test_every_published_module_gives_its_public_classes(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = [
        name for name in SURFACE["modules"][module_name] if not inspect.isclass(getattr(module, name, None))
    ]
    assert not missing, missing


def test_the_surface_file_covers_the_whole_published_client() -> None:
    """The file is the full extract: all 68 public methods of the published client, over ten classes."""
    assert sum(len(info["methods"]) for info in CLASSES.values()) == 68
    assert len(CLASSES) == 10
