"""Loading ``openapi-generator-config.yaml`` into a typed settings object."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from generator import naming
from generator.errors import GeneratorError


@dataclass(frozen=True)
class GeneratorConfig:
    """The settings the generator reads from the config file."""

    package_name: str
    package_version: str
    #: ``apiExtensions``: API class -> the hand-written module (above the generated layer) holding a subclass
    #: of the same name that adds composed helpers; the top-level export of that name is the subclass.
    api_extensions: dict[str, str] = field(default_factory=dict)
    extra_exports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Tags (name, description) to declare when the spec does not: their API classes exist without operations.
    extra_tags: tuple[tuple[str, str], ...] = ()
    #: Tags whose operations' 2xx results get record shapes in ``mixpeek.records``; None: every operation.
    record_tags: Optional[tuple[str, ...]] = None
    #: ``tagClasses``: tag -> API class name, overriding the spec and the naming rule (resolves collisions).
    tag_classes: dict[str, str] = field(default_factory=dict)


def _parse_extension(api_class: str, module: Any) -> str:
    if not isinstance(module, str) or not all(naming.is_identifier(part) for part in module.split(".")):
        raise GeneratorError(f"apiExtensions.{api_class}: expected a module path, got {module!r}")
    return module


def config_from_mapping(raw: Any) -> GeneratorConfig:
    """Validate the decoded YAML and build the settings (errors name the offending key)."""
    if not isinstance(raw, dict):
        raise GeneratorError("the generator config must be a mapping")
    for key in ("packageName", "packageVersion"):
        if not isinstance(raw.get(key), str):
            raise GeneratorError(f"the generator config needs a string {key!r}")
    if "apiMixins" in raw:
        raise GeneratorError(
            "apiMixins is gone: a generated class must not import hand-written code; name the module of a "
            "same-named subclass in apiExtensions instead"
        )
    extensions_raw = raw.get("apiExtensions") or {}
    exports_raw = raw.get("extraExports") or {}
    if not isinstance(extensions_raw, dict) or not isinstance(exports_raw, dict):
        raise GeneratorError("apiExtensions and extraExports must be mappings")
    tags_raw = raw.get("extraTags") or []
    if not isinstance(tags_raw, list) or not all(
        isinstance(t, dict) and isinstance(t.get("name"), str) for t in tags_raw
    ):
        raise GeneratorError("extraTags must be a list of {name, description} mappings")
    record_tags = raw.get("recordTags")
    if record_tags is not None and (
        not isinstance(record_tags, list) or not all(isinstance(t, str) for t in record_tags)
    ):
        raise GeneratorError("recordTags must be a list of tag names")
    tag_classes_raw = raw.get("tagClasses") or {}
    if not isinstance(tag_classes_raw, dict) or not all(
        isinstance(v, str) and naming.is_identifier(v) for v in tag_classes_raw.values()
    ):
        raise GeneratorError("tagClasses must map tag names to class names (Python identifiers)")
    extra: dict[str, tuple[str, ...]] = {}
    for module, names in exports_raw.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise GeneratorError(f"extraExports.{module}: expected a list of names")
        extra[str(module)] = tuple(names)
    return GeneratorConfig(
        package_name=raw["packageName"],
        package_version=raw["packageVersion"],
        api_extensions={str(k): _parse_extension(str(k), v) for k, v in extensions_raw.items()},
        extra_exports=extra,
        extra_tags=tuple((str(t["name"]), str(t.get("description", ""))) for t in tags_raw),
        record_tags=None if record_tags is None else tuple(record_tags),
        tag_classes={str(k): v for k, v in tag_classes_raw.items()},
    )


def load_config(path: Path) -> GeneratorConfig:
    """Read and validate the config file at ``path``."""
    with path.open(encoding="utf-8") as handle:
        return config_from_mapping(yaml.safe_load(handle))
