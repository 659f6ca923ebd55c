"""Attribute filters in the API's form, compiled to predicates over stored documents.

Accepted shapes (all may nest):

* a logical group ``{"AND": [...], "OR": [...], "NOT": [...], "case_sensitive": false}`` where every item is a
  group or a condition; AND needs all items, OR at least one, NOT none;
* a condition ``{"field": "payload.category", "operator": "eq", "value": "docs"}`` (operator defaults to eq);
* a plain mapping ``{"category": "docs", "year": 2024}``: equality on each field;
* a list: all of its items.

String comparisons ignore case unless ``case_sensitive`` is true, as in the API. Operators follow the
spec's `FilterOperator` enum: eq, ne, gt, gte, lt, lte, in, nin, contains, starts_with, ends_with, regex,
exists, is_null, text (all words present), phrase (the exact phrase), words (any word). A condition on an
array field matches when any element matches (eq, in, contains). The geo operators are not emulated:
a 400 says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Callable, Optional

from mixpeek.local.errors import bad_request, unsupported
from mixpeek.local.fields import MISSING, lookup

JsonDict = dict[str, Any]
Predicate = Callable[[JsonDict], bool]
_LOGICAL_KEYS = ("AND", "OR", "NOT")
_GEO_OPERATORS = ("geo_radius", "geo_bounding_box", "geo_polygon")
_WORD = re.compile(r"\w+", re.UNICODE)


def compile_filter(spec: Any, case_sensitive: bool = False) -> Optional[Predicate]:
    """A predicate for a filter spec, or None when the spec filters nothing; 400 for a malformed spec."""
    if spec is None or spec == {} or spec == []:
        return None
    if isinstance(spec, list):
        return _all_of([_required(item, case_sensitive) for item in spec])
    if not isinstance(spec, dict):
        raise bad_request(f"A filter must be an object or a list of objects, got {type(spec).__name__}")
    if any(key in spec for key in _LOGICAL_KEYS):
        return _compile_group(spec, case_sensitive)
    if "field" in spec:
        return _compile_condition(spec, case_sensitive)
    cleaned = {key: value for key, value in spec.items() if key != "case_sensitive"}
    if not cleaned:
        return None
    return _all_of([_compile_condition({"field": k, "value": v}, case_sensitive) for k, v in cleaned.items()])


def _required(spec: Any, case_sensitive: bool) -> Predicate:
    predicate = compile_filter(spec, case_sensitive)
    return predicate if predicate is not None else (lambda _doc: True)


def _all_of(predicates: Sequence[Predicate]) -> Predicate:
    return lambda doc: all(predicate(doc) for predicate in predicates)


def _compile_group(spec: JsonDict, inherited: bool) -> Predicate:
    case_sensitive = bool(spec.get("case_sensitive", inherited) or False)
    parts: list[Predicate] = []
    for key in _LOGICAL_KEYS:
        items = spec.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise bad_request(f"Filter group '{key}' must be a list")
        predicates = [_required(item, case_sensitive) for item in items]
        if key == "AND":
            parts.append(_all_of(predicates))
        elif key == "OR":
            parts.append(_any_of(predicates))
        else:
            parts.append(_none_of(predicates))
    return _all_of(parts)


def _any_of(predicates: Sequence[Predicate]) -> Predicate:
    return lambda doc: any(predicate(doc) for predicate in predicates) if predicates else True


def _none_of(predicates: Sequence[Predicate]) -> Predicate:
    return lambda doc: not any(predicate(doc) for predicate in predicates)


def _fold(value: Any, case_sensitive: bool) -> Any:
    return value.casefold() if isinstance(value, str) and not case_sensitive else value


def _equal(actual: Any, expected: Any, case_sensitive: bool) -> bool:
    if isinstance(actual, bool) != isinstance(expected, bool):
        return False
    return bool(_fold(actual, case_sensitive) == _fold(expected, case_sensitive))


def _any_equal(actual: Any, expected: Any, case_sensitive: bool) -> bool:
    """Equality, where an array field matches when one of its elements does."""
    if isinstance(actual, list) and not isinstance(expected, list):
        return any(_equal(item, expected, case_sensitive) for item in actual)
    return _equal(actual, expected, case_sensitive)


def _comparable(actual: Any, expected: Any) -> bool:
    numbers = (int, float)
    if isinstance(actual, bool) or isinstance(expected, bool):
        return False
    both_numbers = isinstance(actual, numbers) and isinstance(expected, numbers)
    return both_numbers or (isinstance(actual, str) and isinstance(expected, str))


def _order(operator: str) -> Callable[[Any, Any], bool]:
    comparisons: dict[str, Callable[[Any, Any], bool]] = {
        "gt": lambda a, b: bool(a > b),
        "gte": lambda a, b: bool(a >= b),
        "lt": lambda a, b: bool(a < b),
        "lte": lambda a, b: bool(a <= b),
    }
    return comparisons[operator]


def _as_list(value: Any, operator: str) -> list[Any]:
    if not isinstance(value, list):
        raise bad_request(f"Filter operator '{operator}' needs a list value")
    return value


def _words(text: Any) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)] if isinstance(text, str) else []


def _text_match(operator: str, actual: Any, expected: Any, case_sensitive: bool) -> bool:
    if not isinstance(actual, str) or not isinstance(expected, str):
        return False
    if operator == "phrase":
        return _fold(expected, case_sensitive) in _fold(actual, case_sensitive)
    present = set(_words(actual))
    wanted = _words(expected)
    if operator == "text":
        return bool(wanted) and all(word in present for word in wanted)
    return any(word in present for word in wanted)


def _compile_condition(spec: JsonDict, case_sensitive: bool) -> Predicate:
    field = spec.get("field")
    if not isinstance(field, str) or not field:
        raise bad_request("Every filter condition needs a 'field' string")
    operator = spec.get("operator") or "eq"
    value = spec.get("value")
    if operator in _GEO_OPERATORS:
        raise unsupported(f"The local server does not emulate the '{operator}' filter operator")
    test = _operator_test(str(operator), value, case_sensitive)
    return lambda doc: test(lookup(doc, field))


def _operator_test(operator: str, value: Any, cs: bool) -> Callable[[Any], bool]:
    """A test of the field's value (`MISSING` when absent) for one operator and condition value."""
    if operator == "eq":
        return lambda actual: actual is not MISSING and _any_equal(actual, value, cs)
    if operator == "ne":
        return lambda actual: actual is MISSING or not _any_equal(actual, value, cs)
    if operator in ("gt", "gte", "lt", "lte"):
        compare = _order(operator)
        return lambda actual: _comparable(actual, value) and compare(_fold(actual, cs), _fold(value, cs))
    if operator in ("in", "nin"):
        options = _as_list(value, operator)

        def inside(actual: Any) -> bool:
            return actual is not MISSING and any(_any_equal(actual, option, cs) for option in options)

        return inside if operator == "in" else (lambda actual: not inside(actual))
    if operator == "contains":
        return lambda actual: _contains(actual, value, cs)
    if operator in ("starts_with", "ends_with"):
        return lambda actual: _affix(operator, actual, value, cs)
    if operator == "regex":
        pattern = _regex(value, cs)
        return lambda actual: isinstance(actual, str) and pattern.search(actual) is not None
    if operator == "exists":
        wanted = value is not False
        return lambda actual: (actual is not MISSING) == wanted
    if operator == "is_null":
        wanted = value is not False
        return lambda actual: (actual is MISSING or actual is None) == wanted
    if operator in ("text", "phrase", "words"):
        return lambda actual: _text_match(operator, actual, value, cs)
    raise bad_request(f"Unknown filter operator '{operator}'")


def _contains(actual: Any, expected: Any, cs: bool) -> bool:
    if isinstance(actual, str) and isinstance(expected, str):
        return _fold(expected, cs) in _fold(actual, cs)
    if isinstance(actual, list):
        return any(_equal(item, expected, cs) for item in actual)
    return False


def _affix(operator: str, actual: Any, expected: Any, cs: bool) -> bool:
    if not isinstance(actual, str) or not isinstance(expected, str):
        return False
    text, affix = str(_fold(actual, cs)), str(_fold(expected, cs))
    return text.startswith(affix) if operator == "starts_with" else text.endswith(affix)


def _regex(value: Any, cs: bool) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise bad_request("Filter operator 'regex' needs a string pattern")
    try:
        return re.compile(value, 0 if cs else re.IGNORECASE)
    except re.error as exc:
        raise bad_request(f"Invalid regular expression {value!r}: {exc}") from exc
