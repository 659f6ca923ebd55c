"""Every generated operation, with a minimal valid call and its runtime descriptor.

The arguments come from the generator's own sample planner (`generator.samples`, the one that writes
test/generated/): each argument's Python source is evaluated against the `mixpeek` package, so a body is
the request model built from the smallest valid JSON for its schema.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mixpeek
import mixpeek.api
from generator.config import load_config
from generator.ir import Package
from generator.parse import build_package
from generator.spec import load_spec
from mixpeek._runtime.operation import Operation

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SampleCall:
    """One operation of one API class, and the keyword arguments of a minimal valid call."""

    api_class: str
    method: str
    operation: Operation
    arguments: Mapping[str, Any]

    @property
    def id(self) -> str:
        return f"{self.api_class}.{self.method}"

    def call(self, api_client: Any, **options: Any) -> Any:
        """Make the call through the generated method (`_with_http_info` keeps the status and headers)."""
        api = getattr(mixpeek, self.api_class)(api_client)
        return getattr(api, f"{self.method}_with_http_info")(**self.arguments, **options)


class _PackageNames(dict[str, Any]):
    """Names for `eval`: anything the `mixpeek` package exports (models), looked up on first use."""

    def __missing__(self, name: str) -> Any:
        return getattr(mixpeek, name)


@functools.lru_cache(maxsize=1)
def operations_by_label() -> Mapping[str, Operation]:
    """Every runtime `Operation` descriptor of the generated API modules, by "Class.method"."""
    found: dict[str, Operation] = {}
    for module_info in pkgutil.iter_modules(mixpeek.api.__path__):
        module = importlib.import_module(f"mixpeek.api.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation):
                found[value.label] = value
    return found


@functools.lru_cache(maxsize=1)
def spec_package() -> Package:
    """The generator's view of openapi.json (every response of every operation, errors included)."""
    return build_package(
        load_spec(ROOT / "openapi.json"), load_config(ROOT / "openapi-generator-config.yaml"), "openapi.json"
    )


@functools.lru_cache(maxsize=1)
def sample_calls() -> tuple[SampleCall, ...]:
    """A minimal valid call of every method of every generated API class, in the generator's order."""
    package = spec_package()
    names = _PackageNames()
    descriptors = operations_by_label()
    calls = []
    for planned in package.operation_tests:
        arguments = {
            sample.name: eval(sample.source, {"__builtins__": {}}, names)  # noqa: S307 - the generator's literals
            for sample in planned.args
        }
        label = f"{planned.api_class}.{planned.operation.name}"
        calls.append(SampleCall(planned.api_class, planned.operation.name, descriptors[label], arguments))
    return tuple(calls)
