"""Reading the input specs, and where they are by default."""

from __future__ import annotations

import json
from pathlib import Path

from spec_builder.jsontypes import JsonObject

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
DEFAULT_FACTS = REFERENCE_DIR / "mixpeek-api-0.82.json"
DEFAULT_PREVIOUS = REFERENCE_DIR / "mixpeek-openapi-0.81.json"
DEFAULT_OUT = REPO_ROOT / "openapi.json"


def load_spec(path: Path) -> JsonObject:
    """Decode one OpenAPI document; refuse anything that is not a JSON object with `paths`."""
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise ValueError(f"{path} is not an OpenAPI document (no 'paths' object)")
    return document
