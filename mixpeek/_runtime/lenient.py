"""Lenient decoding: a response body that does not match its declared type still becomes that type.

The strict, one-pass `validate_json` is always tried first (see `decoding`). Only when it fails does
`build(type, value)` walk the already-decoded JSON with the declared type: every part that validates is
validated, every part that does not keeps its raw JSON value, and what did not match is logged at DEBUG.

- models: known fields are built one by one; unknown fields are kept as extras; a missing required field
  reads as None;
- enums: an unknown value stays a plain string;
- date-times and dates: a text pydantic refuses (an HTTP date, ``2026/12/01 10:00``) is read with
  python-dateutil (`dates`); one it cannot read either stays a string;
- lists and dicts: element by element;
- unions: the first member that validates, else the model member sharing most keys with the value.
"""

from __future__ import annotations

import enum
import logging
import threading
from typing import Any, Dict, List, Optional, Tuple

from pydantic import BaseModel, TypeAdapter, ValidationError
from typing_extensions import Annotated, Literal, get_args, get_origin

from mixpeek._runtime import dates
from mixpeek._runtime.union import UNION_TYPES, UnionMeta

logger = logging.getLogger("mixpeek")

_UNION_TYPES = UNION_TYPES

_adapters: Dict[Any, TypeAdapter[Any]] = {}
_adapters_lock = threading.Lock()


def adapter(tp: Any) -> TypeAdapter[Any]:
    """A cached `TypeAdapter` for a type (uncached when the type is not hashable)."""
    try:
        found = _adapters.get(tp)
    except TypeError:
        return TypeAdapter(tp)
    if found is None:
        found = TypeAdapter(tp)
        with _adapters_lock:
            _adapters[tp] = found
    return found


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _try(tp: Any, value: Any) -> Tuple[bool, Any]:
    try:
        return True, adapter(tp).validate_python(value)
    except (ValidationError, TypeError, ValueError):
        return False, None


def build(tp: Any, value: Any, path: str = "$") -> Any:
    """`value` (decoded JSON) as `tp`, keeping raw values wherever they do not fit."""
    if tp is Any or tp is object or value is None and tp is None:
        return value
    if isinstance(tp, UnionMeta):  # a generated union class: its members' union
        return build(tp.__union_type__, value, path)
    origin = get_origin(tp)
    if origin is Annotated:
        return build(get_args(tp)[0], value, path)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _build_model(tp, value, path)
    if origin in _UNION_TYPES:
        return _build_union(tp, value, path)
    if origin in (list, List, tuple, set, frozenset) and isinstance(value, list):
        args = get_args(tp)
        item = args[0] if args else Any
        return [build(item, element, f"{path}[{index}]") for index, element in enumerate(value)]
    if origin in (dict, Dict) and isinstance(value, dict):
        args = get_args(tp)
        item = args[1] if len(args) == 2 else Any
        return {key: build(item, element, f"{path}.{key}") for key, element in value.items()}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            logger.debug("lenient parse: %s: kept %s (not a %s value)", path, _short(value), tp.__name__)
            return value
    if origin is Literal and value not in get_args(tp):
        logger.debug("lenient parse: %s: kept %s (not one of %s)", path, _short(value), get_args(tp))
        return value
    ok, validated = _try(tp, value)
    if ok:
        return validated
    moment = dates.parse_moment(tp, value)
    if moment is not None:
        logger.debug("lenient parse: %s: read %s as a %s", path, _short(value), _type_name(tp))
        return moment
    logger.debug("lenient parse: %s: kept %s (not a valid %s)", path, _short(value), _type_name(tp))
    return value


def _build_model(model: type[BaseModel], value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        ok, validated = _try(model, value)
        if ok:
            return validated
        logger.debug("lenient parse: %s: kept %s (not a %s object)", path, _short(value), model.__name__)
        return value
    try:
        return model.model_validate(value)
    except ValidationError:
        pass
    remaining = dict(value)
    values: Dict[str, Any] = {}
    fields_set = set()
    for name, info in model.model_fields.items():
        if info.alias is not None and info.alias in remaining:
            key: Optional[str] = info.alias
        elif name in remaining:
            key = name
        else:
            key = None
        if key is None:
            if info.is_required():
                logger.debug("lenient parse: %s: required field %r is missing", path, key or name)
                values[name] = None
            continue
        raw = remaining.pop(key)
        field_path = f"{path}.{key}"
        ok, validated = _try(info.rebuild_annotation(), raw)
        values[name] = validated if ok else build(info.annotation, raw, field_path)
        fields_set.add(name)
    instance = model.model_construct(_fields_set=fields_set, **values)
    if remaining and model.model_config.get("extra") == "allow":
        extra = instance.__pydantic_extra__
        if extra is None:
            object.__setattr__(instance, "__pydantic_extra__", dict(remaining))
        else:
            extra.update(remaining)
    return instance


def _model_members(members: Tuple[Any, ...]) -> List[type[BaseModel]]:
    found = []
    for member in members:
        if get_origin(member) is Annotated:
            member = get_args(member)[0]
        if isinstance(member, type) and issubclass(member, BaseModel):
            found.append(member)
    return found


def _overlap(model: type[BaseModel], value: Dict[str, Any]) -> int:
    keys = set(value)
    return sum(1 for name, info in model.model_fields.items() if name in keys or info.alias in keys)


def _build_union(tp: Any, value: Any, path: str) -> Any:
    members = get_args(tp)
    if value is None and type(None) in members:
        return None
    ok, validated = _try(tp, value)
    if ok:
        return validated
    for member in members:
        if member is type(None):
            continue
        ok, validated = _try(member, value)
        if ok:
            return validated
    for member in members:
        moment = dates.parse_moment(member, value)
        if moment is not None:
            return moment
    if isinstance(value, dict):
        models = _model_members(members)
        if models:
            best = max(models, key=lambda model: _overlap(model, value))
            return _build_model(best, value, path)
    if isinstance(value, list):
        for member in members:
            member_origin: Any = get_origin(member)
            if member_origin is list:
                return build(member, value, path)
    logger.debug("lenient parse: %s: kept %s (matches no member of %s)", path, _short(value), _type_name(tp))
    return value
