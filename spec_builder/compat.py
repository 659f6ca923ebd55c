"""The compatibility guard of the spec-change loop: names of the published SDK that a new spec would remove.

Code written against the published `mixpeek` 1.3.783 (its names: `test/compat/published-surface-1.3.783.json`)
should keep working where the API still allows it. After `openapi.json` is rebuilt from a newer spec,
`keep_published_names(previous, new, surface)` compares the two and marks, in the new spec, what the
generator keeps as deprecated aliases that warn (`DeprecationWarning`):

* a published **method** whose operation still exists (same HTTP method and path, or the same path with its
  parameters renamed) under another name: `x-deprecated-aliases: [old_name]` on the new operation; the
  generator renders `old_name` (and its `_with_http_info` / `_without_preload_content` forms) calling the new
  method;
* a published **parameter** an operation that still exists no longer takes: `x-retired-parameters:
  [python_name]` on the operation; the method still accepts it as a keyword, warns and does not send it
  (the API no longer reads it);
* a published **field** a schema that still exists no longer has: the property is put back with
  `deprecated: true` and `x-deprecated-alias: true`; the generated model accepts and reads it, warns when it
  is read, and never sends it.

A published name whose operation or schema is gone cannot be kept (the API does not allow it): it is reported
as not kept. Every decision is returned as a :class:`CompatNote` for the changelog.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

from spec_builder.jsontypes import JsonObject
from spec_builder.paths import CREDENTIAL_HEADERS, iter_operations

DEFAULT_SURFACE = (
    Path(__file__).resolve().parent.parent / "test" / "compat" / "published-surface-1.3.783.json"
)
_PATH_PARAMETER = re.compile(r"\{[^}]+\}")
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


@dataclass(frozen=True)
class CompatNote:
    """One published name the new spec removes, and what the loop did about it."""

    kind: str  # "method", "parameter", "field"
    name: str  # "list_things", "list_things(cursor)", "Thing.legacy"
    kept: bool
    how: str  # what keeps it working, or why it cannot be kept

    def line(self) -> str:
        verb = "kept as a deprecated alias" if self.kept else "not kept"
        return f"{self.kind} `{self.name}`: {verb} ({self.how})"


@dataclass(frozen=True)
class Surface:
    """The published names the guard protects."""

    methods: Set[str]
    params_of: Dict[str, Set[str]]  # method name -> its parameter names
    fields_of: Dict[str, Set[str]]  # model -> its wire field names

    @classmethod
    def load(cls, path: Path) -> Surface:
        raw = json.loads(path.read_text(encoding="utf-8"))
        params_of: Dict[str, Set[str]] = {}
        for methods in raw.get("api_classes", {}).values():
            for method, info in methods.items():
                params_of.setdefault(method, set()).update(p.rstrip("?") for p in info.get("params", []))
        fields_of = {
            model: set(info.get("fields", {}).values()) for model, info in raw.get("models", {}).items()
        }
        return cls(methods=set(params_of), params_of=params_of, fields_of=fields_of)


def _method_name(operation: JsonObject) -> str:
    operation_id = str(operation.get("operationId", ""))
    return operation_id.split("__", 1)[0] if "__" in operation_id.strip("_") else operation_id


def _names(operation: JsonObject) -> List[str]:
    """Every method name an operation is generated with."""
    names = [_method_name(operation), str(operation.get("x-python-method") or "")]
    names += [str(n) for n in operation.get("x-published-names", [])]
    names += [str(n) for n in operation.get("x-deprecated-aliases", [])]
    return [name for name in dict.fromkeys(names) if name]


def python_name(wire: str) -> str:
    """The generator's snake_case of a wire name (keyword handling does not matter for matching)."""
    return _NON_ALNUM.sub("_", _WORD_BOUNDARY.sub("_", wire)).strip("_").lower()


def _shape(path: str) -> str:
    return _PATH_PARAMETER.sub("{}", path.rstrip("/") or "/")


OperationKey = Tuple[str, str]


def _index(document: JsonObject) -> Tuple[Dict[OperationKey, JsonObject], Dict[OperationKey, JsonObject]]:
    """Operations by (METHOD, path) and by (METHOD, path shape); a shape two operations share is left out."""
    exact: Dict[OperationKey, JsonObject] = {}
    shapes: Dict[OperationKey, Optional[JsonObject]] = {}
    for path, method, operation in iter_operations(document.get("paths", {})):
        exact[(method.upper(), path)] = operation
        key = (method.upper(), _shape(path))
        shapes[key] = None if key in shapes else operation
    return exact, {key: op for key, op in shapes.items() if op is not None}


def _parameters(operation: JsonObject) -> Dict[str, JsonObject]:
    return {
        python_name(str(p.get("name"))): p
        for p in operation.get("parameters") or []
        if not (p.get("in") == "header" and str(p.get("name")).lower() in CREDENTIAL_HEADERS)
    }


class _Guard:
    def __init__(self, previous: JsonObject, new: JsonObject, surface: Surface) -> None:
        self.previous, self.new, self.surface = previous, new, surface
        self.notes: List[CompatNote] = []

    def run(self) -> List[CompatNote]:
        self._operations()
        self._fields()
        return self.notes

    def _operations(self) -> None:
        new_exact, new_shapes = _index(self.new)
        new_names = {name for op in new_exact.values() for name in _names(op)}
        for path, method, old in iter_operations(self.previous.get("paths", {})):
            key = (method.upper(), path)
            target = new_exact.get(key) or new_shapes.get((key[0], _shape(path)))
            published = [name for name in _names(old) if name in self.surface.methods]
            if target is None:
                for name in published:
                    if name not in new_names:
                        self.notes.append(
                            CompatNote("method", name, False, f"the API removed {key[0]} {path}")
                        )
                continue
            self._method_names(target, published, new_names)
            self._retired_parameters(old, target, published)

    def _method_names(self, target: JsonObject, published: List[str], new_names: Set[str]) -> None:
        for name in published:
            if name in new_names:
                continue
            aliases = target.setdefault("x-deprecated-aliases", [])
            aliases.append(name)
            new_names.add(name)
            self.notes.append(CompatNote("method", name, True, f"calls {_method_name(target)}"))

    def _retired_parameters(self, old: JsonObject, target: JsonObject, published: List[str]) -> None:
        published_params = set().union(*(self.surface.params_of.get(name, set()) for name in published))
        kept = _parameters(target)
        body_name = target.get("x-body-name")
        for name, parameter in _parameters(old).items():
            if name in kept or name == body_name or name not in published_params:
                continue
            method = _method_name(target)
            if parameter.get("in") == "path":
                self.notes.append(CompatNote("parameter", f"{method}({name})", False, "a path parameter"))
                continue
            retired = target.setdefault("x-retired-parameters", [])
            if name not in retired:
                retired.append(name)
                self.notes.append(CompatNote("parameter", f"{method}({name})", True, "accepted, not sent"))

    def _fields(self) -> None:
        old_schemas = self.previous.get("components", {}).get("schemas", {})
        new_schemas = self.new.get("components", {}).get("schemas", {})
        for name, old in old_schemas.items():
            published = self.surface.fields_of.get(name, set())
            old_props = old.get("properties") or {}
            gone = [prop for prop in old_props if prop in published]
            if name not in new_schemas:
                for prop in gone:
                    self.notes.append(CompatNote("field", f"{name}.{prop}", False, f"the API removed {name}"))
                continue
            new_props = new_schemas[name].get("properties") or {}
            for prop in gone:
                if prop in new_props:
                    continue
                new_props = new_schemas[name].setdefault("properties", new_props)
                kept = copy.deepcopy(old_props[prop])
                if any(ref not in new_schemas for ref in _references(kept)):
                    kept = {}  # its type is gone with the API's schema: any JSON value
                kept.update({"deprecated": True, "x-deprecated-alias": True})
                kept["description"] = (
                    "Deprecated: the API no longer has this field; it is read if sent, never sent."
                )
                new_props[prop] = kept
                self.notes.append(CompatNote("field", f"{name}.{prop}", True, "read if sent, never sent"))


def _references(schema: Any) -> List[str]:
    """Names of the component schemas a schema refers to."""
    text = json.dumps(schema)
    return re.findall(r'"#/components/schemas/([^"]+)"', text)


def keep_published_names(previous: JsonObject, new: JsonObject, surface: Surface) -> List[CompatNote]:
    """Mark, in `new` (changed in place), the published names it would remove (rules in the module
    docstring); returns what was kept and what could not be."""
    return _Guard(previous, new, surface).run()


def notes_as_json(notes: List[CompatNote]) -> List[Dict[str, Any]]:
    return [asdict(note) for note in notes]
