"""Read access to the OpenAPI document: component schemas, ``$ref`` resolution, class names per schema."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from generator import naming
from generator.errors import GeneratorError

Schema = Mapping[str, Any]

_SCHEMA_PREFIX = "#/components/schemas/"


def load_spec(path: Path) -> dict[str, Any]:
    """Decode the JSON spec file."""
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    if not isinstance(document, dict) or "paths" not in document:
        raise GeneratorError(f"{path}: not an OpenAPI document (no 'paths')")
    return document


def ref_name(ref: str) -> str:
    """The schema name a local ``$ref`` points to."""
    if not ref.startswith(_SCHEMA_PREFIX):
        raise GeneratorError(f"unsupported $ref {ref!r}: only {_SCHEMA_PREFIX}<name> is supported")
    return ref[len(_SCHEMA_PREFIX) :]


@dataclass(frozen=True)
class SpecIndex:
    """The component schemas with their Python class names (collisions are errors)."""

    document: Mapping[str, Any]
    schemas: Mapping[str, Schema]
    class_names: Mapping[str, str]  # schema name -> class name

    @classmethod
    def build(cls, document: Mapping[str, Any]) -> SpecIndex:
        schemas: Mapping[str, Schema] = document.get("components", {}).get("schemas", {})
        class_names: dict[str, str] = {}
        owners: dict[str, str] = {}
        for schema_name in schemas:
            class_name = naming.model_class_name(schema_name)
            if class_name in naming.RESERVED_CLASS_NAMES:
                raise GeneratorError(
                    f"schema {schema_name!r} would be the class {class_name!r}, a name generated modules "
                    "already use; rename the schema in the spec"
                )
            if class_name in owners:
                raise GeneratorError(
                    f"schemas {owners[class_name]!r} and {schema_name!r} both map to the class name "
                    f"{class_name!r}; rename one of them in the spec"
                )
            owners[class_name] = schema_name
            class_names[schema_name] = class_name
        return cls(document=document, schemas=schemas, class_names=class_names)

    def schema(self, name: str) -> Schema:
        try:
            return self.schemas[name]
        except KeyError:
            raise GeneratorError(f"$ref to unknown schema {name!r}") from None

    def class_of_ref(self, ref: str) -> str:
        """The class name a ``$ref`` resolves to."""
        name = ref_name(ref)
        self.schema(name)
        return self.class_names[name]

    def resolve(self, schema: Schema) -> Schema:
        """Follow ``$ref`` chains to the referenced schema."""
        seen: set[str] = set()
        while "$ref" in schema:
            name = ref_name(schema["$ref"])
            if name in seen:
                raise GeneratorError(f"$ref cycle without content through {name!r}")
            seen.add(name)
            schema = self.schema(name)
        return schema

    def operations(self) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        """Every (path, HTTP method, operation object), in document order."""
        methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
        for path, item in self.document["paths"].items():
            for method in methods:
                if method in item:
                    yield path, method.upper(), item[method]


def first_media(content: Mapping[str, Any]) -> tuple[str, Optional[Schema]]:
    """The media type (JSON when offered, else the first) of a content map, and its schema."""
    media = "application/json" if "application/json" in content else next(iter(content))
    return media, content[media].get("schema")


def non_null_variants(schema: Schema) -> tuple[list[Schema], bool]:
    """The anyOf/oneOf variants other than ``{"type": "null"}``, and whether a null variant was present."""
    variants = list(schema.get("anyOf") or schema.get("oneOf") or [])
    kept = [variant for variant in variants if variant.get("type") != "null"]
    return kept, len(kept) != len(variants)


def schema_types(schema: Schema) -> tuple[list[str], bool]:
    """The JSON types of ``type`` (a string or a 3.1 list) except null, and whether null is allowed."""
    raw = schema.get("type")
    types = [raw] if isinstance(raw, str) else list(raw or [])
    kept = [kind for kind in types if kind != "null"]
    nullable = len(kept) != len(types) or bool(schema.get("nullable"))
    return kept, nullable


def references(schema: Any) -> Iterator[str]:
    """Every schema name referenced anywhere inside ``schema``."""
    if isinstance(schema, Mapping):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            yield ref_name(ref)
        for key, value in schema.items():
            if key == "properties" and isinstance(value, Mapping):
                for property_schema in value.values():
                    yield from references(property_schema)
            elif key not in ("enum", "default", "example", "examples", "const", "discriminator"):
                yield from references(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from references(item)
