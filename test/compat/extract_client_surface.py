"""Writes the names-only surface of the published high-level client (``mixpeek._client``) for the tests.

Run it with the published package's interpreter, from outside the checkout (so our own ``mixpeek`` does not
shadow the published one)::

    cd /tmp && /path/to/checkout/benchmarks/.venv-published/bin/python \\
        /path/to/checkout/test/compat/extract_client_surface.py

It records, for `Mixpeek` and every resource class reachable from it (``mp.namespaces``,
``mp.namespaces.documents`` ...): the public methods, and for each method its parameters in order with
their kind and default (plain JSON values only). Nothing but names, kinds and defaults is kept. The test
``test_published_client_surface.py`` reads the JSON this writes; this script is not needed at test time.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

TARGET = Path(__file__).resolve().parent / "published-client-surface-1.3.783.json"
#: The published modules whose public classes code may import.
MODULES = ("mixpeek._client.client", "mixpeek._client.resources")
#: Marks a parameter without a default (JSON has no "missing" value of its own).
REQUIRED = {"required": True}


def parameter_entry(parameter: inspect.Parameter) -> dict[str, Any]:
    """One parameter: its name, its kind, and its default when it has one."""
    entry: dict[str, Any] = {"name": parameter.name, "kind": parameter.kind.name}
    if parameter.default is inspect.Parameter.empty:
        entry.update(REQUIRED)
    else:
        json.dumps(parameter.default)  # defaults must be plain JSON values; anything else is a surprise
        entry["default"] = parameter.default
    return entry


def method_entries(cls: type) -> dict[str, list[dict[str, Any]]]:
    """The public methods a class defines or inherits (not object's), each with its parameters."""
    methods: dict[str, list[dict[str, Any]]] = {}
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith("_"):
            continue
        parameters = list(inspect.signature(member).parameters.values())[1:]  # without self
        methods[name] = [parameter_entry(parameter) for parameter in parameters]
    return methods


def resource_attributes(instance: object) -> dict[str, Any]:
    """The public attributes of an instance that are resource objects (instances of the resources module)."""
    return {
        name: value
        for name, value in vars(instance).items()
        if not name.startswith("_") and type(value).__module__ == "mixpeek._client.resources"
    }


def walk(instance: object, classes: dict[str, Any]) -> dict[str, str]:
    """Record the class of ``instance`` and, recursively, of its resources; return attribute -> class name."""
    cls = type(instance)
    resources = resource_attributes(instance)
    classes[cls.__name__] = {
        "methods": method_entries(cls),
        "resources": {name: type(value).__name__ for name, value in sorted(resources.items())},
    }
    for value in resources.values():
        if type(value).__name__ not in classes:
            walk(value, classes)
    return classes[cls.__name__]["resources"]


def public_names(module_name: str) -> list[str]:
    """The public classes a module defines (what ``from module import X`` code may use)."""
    module = importlib.import_module(module_name)
    return sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and inspect.isclass(value) and value.__module__ == module_name
    )


def extract() -> dict[str, Any]:
    client_module = importlib.import_module("mixpeek._client.client")
    client_class = client_module.Mixpeek
    client = client_class(api_key="sk_extract_surface_only")  # builds the resources; sends nothing
    classes: dict[str, Any] = {}
    walk(client, classes)
    init = list(inspect.signature(client_class.__init__).parameters.values())[1:]
    return {
        "package": "mixpeek",
        "version": importlib.import_module("importlib.metadata").version("mixpeek"),
        "client_class": client_class.__name__,
        "init": [parameter_entry(parameter) for parameter in init],
        "classes": classes,
        "modules": {name: public_names(name) for name in MODULES},
    }


def main() -> int:
    surface = extract()
    TARGET.write_text(json.dumps(surface, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({sum(len(c['methods']) for c in surface['classes'].values())} methods)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
