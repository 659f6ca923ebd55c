"""Deterministic output: the same spec always serializes to the same bytes.

Object keys are sorted, except where their order carries meaning: the properties of a schema keep the
facts' order (it is the field order of the generated models), and paths are sorted by the builder. Lists keep
their order. Two-space indent, UTF-8, one trailing newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spec_builder.jsontypes import JsonObject

ORDERED_MAPS = ("properties", "paths")


def canonical(node: Any, keep_order: bool = False) -> Any:
    """A copy of a JSON value with its object keys in the canonical order.

    `keep_order` is set for the maps listed in ORDERED_MAPS, whose entries are then visited in place.
    """
    if isinstance(node, dict):
        keys = list(node) if keep_order else sorted(node)
        return {key: canonical(node[key], (not keep_order) and key in ORDERED_MAPS) for key in keys}
    if isinstance(node, list):
        return [canonical(item) for item in node]
    return node


def render(document: JsonObject) -> str:
    """The text of `openapi.json` for a document."""
    return json.dumps(canonical(document), indent=2, ensure_ascii=False) + "\n"


def write_if_changed(document: JsonObject, out: Path) -> bool:
    """Write the document; return whether the file's content changed."""
    text = render(document)
    if out.exists() and out.read_text(encoding="utf-8") == text:
        return False
    out.write_text(text, encoding="utf-8")
    return True
