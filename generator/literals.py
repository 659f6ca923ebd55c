"""Python source for JSON values (defaults, samples): ``true`` -> ``True``, ``null`` -> ``None``."""

from __future__ import annotations

from typing import Any


def py_literal(value: Any) -> str:
    """Python source that evaluates to the JSON value ``value`` (dict keys keep their order)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {py_literal(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def is_simple_json(value: Any) -> bool:
    """True for JSON scalars and lists/dicts of them (the defaults the generator writes into models)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, list):
        return all(is_simple_json(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and is_simple_json(item) for key, item in value.items())
    return False


def string_source(text: str, width: int = 88) -> str:
    """Python source for ``text``: one literal, or a parenthesised implicit concatenation of literals no
    wider than ``width`` (split after spaces) so generated lines stay within the line-length limit."""
    if len(repr(text)) <= width:
        return repr(text)
    chunks: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = word if not current else current + " " + word
        if current and len(repr(candidate + " ")) > width:
            chunks.append(current + " ")
            current = word
        else:
            current = candidate
    chunks.append(current)
    return "(" + " ".join(repr(chunk) for chunk in chunks) + ")"
