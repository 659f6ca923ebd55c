"""Turning call arguments into wire values: path segments, query strings, headers and request bodies."""

from __future__ import annotations

import datetime
import enum
import io
import json
import mimetypes
import os
import re
from collections.abc import Mapping
from typing import Any, Dict, List, Sequence, Tuple, Union
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError
from urllib3 import encode_multipart_formdata

from mixpeek._runtime.lenient import adapter
from mixpeek._runtime.union import UnionMeta
from mixpeek.exceptions import ApiTypeError, ApiValueError, RequestValidationError

FileField = Tuple[str, bytes, str]


def scalar_text(value: Any) -> str:
    """A scalar's text on the wire: booleans true/false, enums by value, datetimes in ISO 8601."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return scalar_text(value.value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (dict, list, BaseModel)):
        return json_text(value)
    return str(value)


def path_segment(value: Any) -> str:
    """A path parameter, percent-encoded with nothing safe, so "/" or ".." cannot change the route.

    A segment that is only dots ("." or "..") has its dots encoded too, so it is not a dot-segment.
    """
    encoded = quote(scalar_text(value), safe="")
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


def add_query(pairs: List[Tuple[str, str]], wire: str, value: Any) -> None:
    """Append a query parameter: None omitted, lists and tuples exploded into repeated keys."""
    if value is None:
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            if item is not None:
                pairs.append((wire, scalar_text(item)))
    else:
        pairs.append((wire, scalar_text(value)))


def query_string(pairs: Sequence[Tuple[str, str]]) -> str:
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)


_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


def check_header_name(name: str) -> str:
    """`name` if it is a valid HTTP header name (an RFC 9110 token), else `ApiValueError`."""
    if not isinstance(name, str) or not _HEADER_NAME.match(name):
        raise ApiValueError(f"invalid header name {name!r}")
    return name


def check_header_value(name: str, value: str, label: str = "") -> None:
    """Refuse a header that could split the request (CR or LF inside), a NUL, or what HTTP cannot carry.

    http.client sends header values as Latin-1; `label` ("Api.method") prefixes the message.
    """
    if "\r" in value or "\n" in value or "\0" in value or "\r" in name or "\n" in name or "\0" in name:
        prefix = f"{label}: " if label else ""
        shown = _shown_name(name)
        raise ApiValueError(f"{prefix}header {shown} contains a line break (CR or LF) or NUL; not sending it")
    if not value.isascii():
        try:
            value.encode("latin-1")
        except UnicodeEncodeError as exc:
            prefix = f"{label}: " if label else ""
            raise ApiValueError(f"{prefix}header {name!r} has characters HTTP headers cannot carry") from exc


def _shown_name(name: str) -> str:
    """A header name for a message, without the characters that made it invalid."""
    return repr("".join(character for character in name if character not in "\r\n\0"))


def check_header(name: str, value: str) -> None:
    """`check_header_value`, and the name must be a valid header name."""
    check_header_value(name, value)
    check_header_name(name)


def _jsonable(value: Any) -> Any:
    """Plain JSON data for `json.dumps`; models as their wire-named fields that were set, a union wrapper
    as its member."""
    if isinstance(type(value), UnionMeta):
        return _jsonable(value.actual_instance)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def json_text(value: Any) -> str:
    """Compact JSON; NaN and infinities are refused (`ApiValueError`), since JSON has no such numbers."""
    try:
        return json.dumps(_jsonable(value), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise ApiValueError(f"cannot send this value as JSON: {exc}") from exc


def validation_message(error: ValidationError) -> str:
    """The first problems of a pydantic error, each with its field location."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item.get("loc", ())) or "(root)"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def invalid_argument(label: str, param_name: str, error: ValidationError) -> RequestValidationError:
    """The SDK's error for an argument of `label` ("Api.method") that failed pydantic validation."""
    problems = [(tuple(item.get("loc", ())), str(item.get("msg", "invalid"))) for item in error.errors()]
    return RequestValidationError(f"{label}: invalid {param_name}: {validation_message(error)}", problems)


def unknown_fields(value: Any, where: str = "") -> List[str]:
    """Dotted paths of fields set on a request model whose schema does not declare them.

    Models of open schemas (`__open_schema__`) accept anything; lists and dicts are searched for nested
    models, but a list whose first item is a scalar (a vector, say) is not walked item by item.
    """
    found: List[str] = []
    if isinstance(value, BaseModel):
        extra = value.__pydantic_extra__
        if extra and not getattr(type(value), "__open_schema__", True):
            found.extend(f"{where}{name}" for name in extra)
        for name in value.model_fields_set:
            found.extend(unknown_fields(getattr(value, name, None), f"{where}{name}."))
    elif isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (BaseModel, list, tuple, Mapping)):
            for index, item in enumerate(value):
                found.extend(unknown_fields(item, f"{where}{index}."))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, (BaseModel, list, tuple, Mapping)):
                found.extend(unknown_fields(item, f"{where}{key}."))
    return found


def refuse_unknown_fields(model: BaseModel, label: str, param_name: str) -> None:
    """`RequestValidationError` when a request body carries fields its schema does not declare."""
    unknown = unknown_fields(model)
    if unknown:
        known = ", ".join(field.alias or name for name, field in type(model).model_fields.items())
        raise RequestValidationError(
            f"{label}: {param_name} ({type(model).__name__}) has no field "
            + ", ".join(repr(path) for path in unknown)
            + f"; nothing was sent. Its fields: {known}",
            [(tuple(path.split(".")), "Unknown field") for path in unknown],
        )


def json_body(value: Any, body_type: Any, label: str, param_name: str) -> bytes:
    """The JSON request body, serialized once: wire names, only the fields the caller set.

    A dict (or other plain value) given where the body is a model is first validated into the model; an
    invalid one raises `ApiValueError` naming the field, before anything is sent. So does a value pydantic
    cannot serialize (an arbitrary object inside a free-form dict, say).
    """
    try:
        return _json_body(value, body_type, label, param_name)
    except PydanticSerializationError as exc:
        raise ApiValueError(f"{label}: {param_name} cannot be serialized as JSON: {exc}") from exc


def _json_body(value: Any, body_type: Any, label: str, param_name: str) -> bytes:
    if isinstance(value, BaseModel):
        refuse_unknown_fields(value, label, param_name)
        return value.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if body_type is None or body_type is Any or body_type is object:
        return json_text(value).encode("utf-8")
    if isinstance(body_type, type) and issubclass(body_type, BaseModel):
        try:
            model = body_type.model_validate(value)
        except ValidationError as exc:
            raise invalid_argument(label, param_name, exc) from exc
        refuse_unknown_fields(model, label, param_name)
        return model.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8")
    type_adapter = adapter(body_type)
    try:
        validated = type_adapter.validate_python(value)
    except ValidationError as exc:
        raise invalid_argument(label, param_name, exc) from exc
    return type_adapter.dump_json(validated, by_alias=True, exclude_unset=True)


def _read_path(path: Union[str, os.PathLike[str]], label: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise ApiValueError(
            f"{label}: cannot read the file {os.fspath(path)!r}: {exc.strerror or exc}"
        ) from exc


def _read_object(value: Any, label: str) -> bytes:
    """The content of a file-like object (text is sent as UTF-8); a failing read is `ApiValueError`."""
    try:
        content = value.read()
    except (OSError, ValueError) as exc:  # ValueError: a closed file
        raise ApiValueError(f"{label}: cannot read {value!r}: {exc}") from exc
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def raw_body(value: Any, label: str) -> bytes:
    """A non-JSON body (octet-stream, text): bytes, text, or the content of a file object or path."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, os.PathLike):
        return _read_path(value, label)
    if hasattr(value, "read"):
        return _read_object(value, label)
    raise ApiTypeError(f"{label}: cannot send a {type(value).__name__} as a raw request body")


def file_field(value: Any, default_name: str, label: str) -> FileField:
    """(filename, content, content type) for a file form field.

    Accepts bytes, a (filename, bytes[, content_type]) tuple, a path (str or os.PathLike) or a file object.
    """
    if isinstance(value, (bytes, bytearray)):
        return default_name, bytes(value), "application/octet-stream"
    if isinstance(value, tuple) and len(value) in (2, 3):
        filename, content = str(value[0]), value[1]
        if not isinstance(content, (bytes, bytearray)):
            content = raw_body(content, label)
        content_type = value[2] if len(value) == 3 else _guess_type(filename)
        return filename, bytes(content), content_type
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        return os.path.basename(path), _read_path(path, label), _guess_type(path)
    if isinstance(value, io.IOBase) or hasattr(value, "read"):
        name = os.path.basename(str(getattr(value, "name", "") or default_name))
        return name, _read_object(value, label), _guess_type(name)
    raise ApiTypeError(f"{label}: file field {default_name!r} got a {type(value).__name__}")


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _looks_like_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, io.IOBase, os.PathLike)) or (
        isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[1], (bytes, bytearray))
    )


FormFields = List[Tuple[str, Union[str, FileField]]]

#: How a form field is sent, as its descriptor declares it: a plain field; a file whose `str` value is a path
#: on disk; a file whose `str` value is the content itself (the schema declares a string, as API 0.82 does for
#: the manifest and model uploads, and the published package sent the text). Bytes, (filename, bytes), file
#: objects and `os.PathLike` paths are files in both file modes.
PLAIN, FILE, FILE_TEXT = "plain", "file", "file-text"


def form_mode(is_file: bool, declared_type: Any) -> str:
    """The mode of a form field from its descriptor (`Param.is_file`, `Param.type`)."""
    if not is_file:
        return PLAIN
    return FILE_TEXT if declared_type in ("str", str) else FILE


def form_fields(items: Sequence[Tuple[str, Any, str]], label: str) -> FormFields:
    """Multipart fields from (wire name, value, mode) triples; lists become repeated fields."""
    fields: FormFields = []
    for wire, value, mode in items:
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if mode == FILE_TEXT and isinstance(item, str):
                fields.append((wire, (wire, item.encode("utf-8"), "text/plain; charset=utf-8")))
            elif mode != PLAIN or _looks_like_file(item):
                fields.append((wire, file_field(item, wire, label)))
            else:
                fields.append((wire, scalar_text(item)))
    return fields


def model_form_items(value: Any) -> List[Tuple[str, Any, str]]:
    """Form fields from a model or dict given as the body of a form operation."""
    if isinstance(value, BaseModel):
        data: Dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            if name in value.model_fields_set:
                data[info.alias or name] = getattr(value, name)
        data.update(value.__pydantic_extra__ or {})
    elif isinstance(value, Mapping):
        data = dict(value)
    else:
        raise ApiTypeError(f"form body must be a model or a dict, not {type(value).__name__}")
    return [(key, item, PLAIN) for key, item in data.items()]


def multipart_body(fields: FormFields) -> Tuple[bytes, str]:
    """(body, Content-Type with boundary) of a multipart/form-data request."""
    body, content_type = encode_multipart_formdata(fields)
    return body, content_type


def urlencoded_body(fields: FormFields) -> bytes:
    pairs: List[Tuple[str, str]] = []
    for wire, value in fields:
        if not isinstance(value, str):
            raise ApiTypeError(f"field {wire!r}: files need multipart/form-data")
        pairs.append((wire, value))
    return urlencode(pairs).encode("ascii")
