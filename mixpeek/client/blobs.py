"""Which property of a bucket's schema holds an uploaded file, and as which type.

An object's ``blobs`` entry names a property of the bucket's schema and its file type. `buckets.upload` and
`Mixpeek.index` take just a URL (or data): the property is the bucket's only file-typed property, or the one
the caller names; the type comes from the caller, else from the file's extension when the caller named the
property, else from the schema. The bucket is read only when the schema must be consulted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

from mixpeek.exceptions import ApiValueError

#: Bucket schema types whose property holds a file (the API's file types).
FILE_TYPES = frozenset({"text", "image", "audio", "video", "pdf", "excel"})

#: File type by extension, used when the caller names the property but not its type.
TYPE_BY_EXTENSION = {
    **dict.fromkeys(("mp4", "mov", "avi", "mkv", "webm", "m4v"), "video"),
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "webp", "bmp", "tiff"), "image"),
    **dict.fromkeys(("mp3", "wav", "flac", "m4a", "ogg", "aac"), "audio"),
    **dict.fromkeys(("txt", "md", "csv", "json", "html"), "text"),
    **dict.fromkeys(("xls", "xlsx"), "excel"),
    "pdf": "pdf",
}


def type_from_extension(value: Any) -> Optional[str]:
    """The file type a URL or file name suggests by its extension (query and fragment ignored), or None."""
    if not isinstance(value, str):
        return None
    last = value.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    _, dot, extension = last.rpartition(".")
    return TYPE_BY_EXTENSION.get(extension.lower()) if dot else None


def file_properties(bucket: Mapping[str, Any]) -> dict[str, str]:
    """The file-typed properties of a bucket's schema: name -> type."""
    properties = (bucket.get("bucket_schema") or {}).get("properties") or {}
    return {
        name: spec["type"]
        for name, spec in properties.items()
        if isinstance(spec, Mapping) and spec.get("type") in FILE_TYPES
    }


def blob_entry(
    bucket_id: str,
    value: Any,
    read_bucket: Callable[[], Mapping[str, Any]],
    *,
    blob_property: Optional[str] = None,
    blob_type: Optional[str] = None,
) -> dict[str, Any]:
    """The ``blobs`` entry that stores ``value`` (a URL or data) in bucket ``bucket_id``.

    Raises `ApiValueError` (a `ValueError`) when the schema has no file property, several and none was
    chosen, or not the one named.
    """
    if blob_property is not None:
        known = blob_type or type_from_extension(value)
        if known is not None:
            return {"property": blob_property, "type": known, "data": value}
    found = file_properties(read_bucket() or {})
    if blob_property is not None:
        if blob_property not in found:
            have = ", ".join(sorted(found)) or "none"
            raise ApiValueError(
                f"bucket {bucket_id} has no file property {blob_property!r} (its file properties: {have})"
            )
        return {"property": blob_property, "type": found[blob_property], "data": value}
    if len(found) == 1:
        ((name, kind),) = found.items()
        return {"property": name, "type": blob_type or kind, "data": value}
    if not found:
        raise ApiValueError(
            f"bucket {bucket_id} declares no file property in its bucket_schema, so it is not known where "
            "the file goes: add one (such as {'video': {'type': 'video'}}) or pass blobs=[...]"
        )
    raise ApiValueError(
        f"bucket {bucket_id} has several file properties ({', '.join(sorted(found))}): "
        "choose one with blob_property='...'"
    )
