"""Hand-written descriptions (`spec_builder/overlay.yaml`) merged over the mechanical ones of `describe`.

The overlay is YAML with four sections, each optional:

* `operations`: operationId -> `summary`, `description`, `parameters` (parameter name -> text) and `body`
  (the request body's text).
* `shared_parameters`: parameter name -> text, for every parameter of that name in the operations listed under
  `operations` that has no text of its own there.
* `schemas`: schema name -> `description` and `fields` (property name -> text).
* `shared_fields`: property name -> text, for every property of that name in the schemas listed under
  `schemas` that has no text of its own there.

Texts say what something means; never where it goes, whether it is required, its type or the HTTP call: the
generator states those from the structure. Every name must exist in the spec and every shared text must be
used, so a spec change that removes or renames something fails the build with the names to fix.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Tuple

from spec_builder.jsontypes import JsonObject
from spec_builder.paths import iter_operations

DEFAULT_OVERLAY = Path(__file__).resolve().parent / "overlay.yaml"
SECTIONS = ("operations", "shared_parameters", "schemas", "shared_fields")
OPERATION_KEYS = ("summary", "description", "parameters", "body")
SCHEMA_KEYS = ("description", "fields")
OverlayCounts = Counter[str]  # kind of text ("operations", "fields", ...) -> how many were merged


class OverlayError(ValueError):
    """The overlay does not fit the spec: it names something that does not exist, or is malformed."""


def load_overlay(path: Path = DEFAULT_OVERLAY) -> JsonObject:
    """Read the overlay file; an absent file is an empty overlay."""
    if not path.exists():
        return {}
    import yaml  # dev tooling only: spec_builder is not part of the package

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise OverlayError(f"{path}: the overlay must be a mapping of {', '.join(SECTIONS)}")
    return data


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise OverlayError(f"overlay {where}: expected a mapping, got {type(value).__name__}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OverlayError(f"overlay {where}: expected a non-empty text")
    return " ".join(value.split())


def _unknown_keys(entry: Mapping[str, Any], allowed: Tuple[str, ...], where: str) -> List[str]:
    return [
        f"{where}: unknown key {key!r} (allowed: {', '.join(allowed)})" for key in entry if key not in allowed
    ]


def _operations_by_id(document: JsonObject) -> Dict[str, JsonObject]:
    return {str(op["operationId"]): op for _, _, op in iter_operations(document.get("paths", {}))}


def _apply_operations(
    document: JsonObject, overlay: JsonObject, counts: OverlayCounts, errors: List[str]
) -> None:
    operations = _operations_by_id(document)
    shared = {
        name: _text(text, f"shared_parameters.{name}")
        for name, text in _mapping(overlay.get("shared_parameters"), "shared_parameters").items()
    }
    used_shared = set()
    for operation_id, entry in _mapping(overlay.get("operations"), "operations").items():
        where = f"operations.{operation_id}"
        entry = _mapping(entry, where)
        errors += _unknown_keys(entry, OPERATION_KEYS, where)
        operation = operations.get(operation_id)
        if operation is None:
            errors.append(f"{where}: no operation has this operationId")
            continue
        for key in ("summary", "description"):
            if key in entry:
                operation[key] = _text(entry[key], f"{where}.{key}")
        counts["operations"] += "description" in entry
        if "body" in entry:
            if "requestBody" not in operation:
                errors.append(f"{where}.body: the operation has no request body")
            else:
                operation["requestBody"]["description"] = _text(entry["body"], f"{where}.body")
        own = _mapping(entry.get("parameters"), f"{where}.parameters")
        parameters = {param["name"]: param for param in operation.get("parameters", [])}
        errors += [
            f"{where}.parameters.{name}: the operation has no such parameter"
            for name in own
            if name not in parameters
        ]
        for name, parameter in parameters.items():
            if name in own:
                parameter["description"] = _text(own[name], f"{where}.parameters.{name}")
                counts["parameters"] += 1
            elif name in shared:
                parameter["description"] = shared[name]
                used_shared.add(name)
                counts["parameters (shared text)"] += 1
    errors += [
        f"shared_parameters.{name}: no listed operation has this parameter"
        for name in shared
        if name not in used_shared
    ]


def _apply_schemas(
    document: JsonObject, overlay: JsonObject, counts: OverlayCounts, errors: List[str]
) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    shared = {
        name: _text(text, f"shared_fields.{name}")
        for name, text in _mapping(overlay.get("shared_fields"), "shared_fields").items()
    }
    used_shared = set()
    for schema_name, entry in _mapping(overlay.get("schemas"), "schemas").items():
        where = f"schemas.{schema_name}"
        entry = _mapping(entry, where)
        errors += _unknown_keys(entry, SCHEMA_KEYS, where)
        schema = schemas.get(schema_name)
        if schema is None:
            errors.append(f"{where}: no such schema")
            continue
        if "description" in entry:
            schema["description"] = _text(entry["description"], f"{where}.description")
            counts["schemas"] += 1
        own = _mapping(entry.get("fields"), f"{where}.fields")
        properties = schema.get("properties", {})
        errors += [
            f"{where}.fields.{name}: the schema has no such field" for name in own if name not in properties
        ]
        for name, prop in properties.items():
            if name in own:
                prop["description"] = _text(own[name], f"{where}.fields.{name}")
                counts["fields"] += 1
            elif name in shared:
                prop["description"] = shared[name]
                used_shared.add(name)
                counts["fields (shared text)"] += 1
    errors += [
        f"shared_fields.{name}: no listed schema has this field" for name in shared if name not in used_shared
    ]


def apply_overlay(document: JsonObject, overlay: JsonObject) -> OverlayCounts:
    """Merge the overlay's texts into `document` in place; raise OverlayError listing every name that does not
    fit the spec. Returns how many texts of each kind were merged."""
    errors = [
        f"unknown section {key!r} (allowed: {', '.join(SECTIONS)})" for key in overlay if key not in SECTIONS
    ]
    counts: OverlayCounts = Counter()
    _apply_operations(document, overlay, counts, errors)
    _apply_schemas(document, overlay, counts, errors)
    if errors:
        raise OverlayError("the overlay does not fit the spec:\n  " + "\n  ".join(errors))
    return counts


def iter_texts(overlay: JsonObject) -> Iterator[Tuple[str, str]]:
    """(where, text) for every text of the overlay, for checks of the wording."""
    for operation_id, entry in _mapping(overlay.get("operations"), "operations").items():
        for key in ("summary", "description", "body"):
            if key in entry:
                yield f"operations.{operation_id}.{key}", str(entry[key])
        for name, text in _mapping(entry.get("parameters"), "parameters").items():
            yield f"operations.{operation_id}.parameters.{name}", str(text)
    for name, text in _mapping(overlay.get("shared_parameters"), "shared_parameters").items():
        yield f"shared_parameters.{name}", str(text)
    for schema_name, entry in _mapping(overlay.get("schemas"), "schemas").items():
        if "description" in entry:
            yield f"schemas.{schema_name}.description", str(entry["description"])
        for name, text in _mapping(entry.get("fields"), "fields").items():
            yield f"schemas.{schema_name}.fields.{name}", str(text)
    for name, text in _mapping(overlay.get("shared_fields"), "shared_fields").items():
        yield f"shared_fields.{name}", str(text)
