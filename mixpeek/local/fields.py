"""Reading a (possibly dotted) field of a stored document, and ordering documents by a field.

Filters and sorts name fields the way users wrote them: ``"category"``, ``"payload.category"`` or
``"metadata.status"``. A path is looked up on the document first; when the document has no such top-level
field, it is looked up inside ``payload`` and then ``metadata``, so a bare payload field name works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JsonDict = dict[str, Any]

MISSING = object()
_FALLBACK_ROOTS = ("payload", "metadata")


def _walk(value: Any, parts: Sequence[str]) -> Any:
    for part in parts:
        if isinstance(value, dict):
            if part not in value:
                return MISSING
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return MISSING
    return value


def lookup(document: JsonDict, path: str) -> Any:
    """The value at `path`, or `MISSING`."""
    parts = path.split(".")
    found = _walk(document, parts)
    if found is not MISSING or parts[0] in document:
        return found
    for root in _FALLBACK_ROOTS:
        nested = document.get(root)
        if isinstance(nested, dict):
            found = _walk(nested, parts)
            if found is not MISSING:
                return found
    return MISSING


def _sort_key(value: Any) -> tuple[int, Any]:
    """Orders numbers before strings before anything else; values of one kind compare naturally."""
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, str):
        return (2, value)
    return (3, repr(value))


def sort_documents(documents: Sequence[JsonDict], field: str, descending: bool) -> list[JsonDict]:
    """Documents ordered by a field (stable); documents without the field always come last."""
    present = [doc for doc in documents if lookup(doc, field) not in (MISSING, None)]
    absent = [doc for doc in documents if lookup(doc, field) in (MISSING, None)]
    present.sort(key=lambda doc: _sort_key(lookup(doc, field)), reverse=descending)
    return present + absent
