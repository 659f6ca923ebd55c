"""Reading what a request sends from files: a path on disk or a file-like object, for raw bodies and
multipart file fields. Every failure to read is an `ApiValueError` naming the call, before anything is sent.
"""

from __future__ import annotations

import io
import mimetypes
import os
from typing import Any, Tuple, Union

from mixpeek.exceptions import ApiTypeError, ApiValueError

#: A multipart file field as urllib3 encodes it: (filename, content, content type).
FileField = Tuple[str, bytes, str]


def read_path(path: Union[str, os.PathLike[str]], label: str) -> bytes:
    """The content of the file at ``path``; a missing or unreadable file is `ApiValueError`."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise ApiValueError(
            f"{label}: cannot read the file {os.fspath(path)!r}: {exc.strerror or exc}"
        ) from exc


def read_object(value: Any, label: str) -> bytes:
    """The content of a file-like object (text is sent as UTF-8); a failing read is `ApiValueError`."""
    try:
        content = value.read()
    except (OSError, ValueError) as exc:  # ValueError: a closed file
        raise ApiValueError(f"{label}: cannot read {value!r}: {exc}") from exc
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def file_content(value: Any, label: str, what: str = "file content") -> bytes:
    """The bytes of a file given as bytes, text (sent as UTF-8), a path (`os.PathLike`) or a file object."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, os.PathLike):
        return read_path(value, label)
    if hasattr(value, "read"):
        return read_object(value, label)
    raise ApiTypeError(f"{label}: cannot send a {type(value).__name__} as {what}")


def file_field(value: Any, default_name: str, label: str) -> FileField:
    """(filename, content, content type) for a file form field.

    Accepts bytes, a (filename, bytes[, content_type]) tuple, a path (str or os.PathLike) or a file object.
    """
    if isinstance(value, (bytes, bytearray)):
        return default_name, bytes(value), "application/octet-stream"
    if isinstance(value, tuple) and len(value) in (2, 3):
        filename, content = str(value[0]), value[1]
        if not isinstance(content, (bytes, bytearray)):
            content = file_content(content, label)
        content_type = value[2] if len(value) == 3 else guess_type(filename)
        return filename, bytes(content), content_type
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        return os.path.basename(path), read_path(path, label), guess_type(path)
    if isinstance(value, io.IOBase) or hasattr(value, "read"):
        name = os.path.basename(str(getattr(value, "name", "") or default_name))
        return name, read_object(value, label), guess_type(name)
    raise ApiTypeError(f"{label}: file field {default_name!r} got a {type(value).__name__}")


def guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def looks_like_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, io.IOBase, os.PathLike)) or (
        isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[1], (bytes, bytearray))
    )
