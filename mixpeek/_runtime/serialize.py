"""Turning call arguments into wire values: path segments, query strings, headers and request bodies.

Encoding only: refusing an invalid request is `mixpeek._runtime.validation`'s job, and reading the files a
body or form field names is `mixpeek._runtime.files`'s.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Mapping
from typing import Any, Dict, List, Sequence, Tuple, Union
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError
from urllib3 import encode_multipart_formdata

from mixpeek._runtime import files, validation
from mixpeek._runtime.files import FileField
from mixpeek._runtime.lenient import adapter
from mixpeek._runtime.union import UnionMeta
from mixpeek.exceptions import ApiTypeError, ApiValueError


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
        validation.refuse_unknown_fields(value, label, param_name)
        return value.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if body_type is None or body_type is Any or body_type is object:
        return json_text(value).encode("utf-8")
    if isinstance(body_type, type) and issubclass(body_type, BaseModel):
        try:
            model = body_type.model_validate(value)
        except ValidationError as exc:
            raise validation.invalid_argument(label, param_name, exc, body_type) from exc
        validation.refuse_unknown_fields(model, label, param_name)
        return model.model_dump_json(by_alias=True, exclude_unset=True).encode("utf-8")
    type_adapter = adapter(body_type)
    try:
        validated = type_adapter.validate_python(value)
    except ValidationError as exc:
        raise validation.invalid_argument(label, param_name, exc) from exc
    return type_adapter.dump_json(validated, by_alias=True, exclude_unset=True)


def raw_body(value: Any, label: str) -> bytes:
    """A non-JSON body (octet-stream, text): bytes, text, or the content of a file object or path."""
    return files.file_content(value, label, "a raw request body")


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
            elif mode != PLAIN or files.looks_like_file(item):
                fields.append((wire, files.file_field(item, wire, label)))
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
