"""Buckets and their objects: create, get, list, update (PUT and PATCH), delete (no file processing).

An object is registered with its blobs' descriptions; a blob's ``data`` (usually the URL of the media) is
kept as given, but nothing is downloaded or processed. Object ids are unique per bucket; deleting a bucket
deletes its objects.

Updates: a bucket's PUT and PATCH both change the fields the body gives (not null) and keep the others (a
new name must be unused: 409). An object's PATCH does the same; its PUT replaces the object's own fields
with the body's, keeping its blobs unless the body gives ``blobs``. Ids, the owning bucket, status and
creation time never change.
"""

from __future__ import annotations

from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.engine import utc_now
from mixpeek.local.errors import not_found
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import deleted, listing, merge
from mixpeek.local.routing import Route
from mixpeek.local.validation import validate_body

JsonDict = dict[str, Any]
BUCKETS = "buckets"
OBJECTS = "objects"
NAME = "bucket_name"
_BLOB_FIELDS = ("property", "key_prefix", "type", "data")
#: Fields the server owns: an update leaves them as they are.
_BUCKET_PROTECTED = ("bucket_id", "object_count", "total_size_bytes", "status", "created_at", "updated_at")
_OBJECT_PROTECTED = ("object_id", "bucket_id", "status", "created_at", "updated_at")


def _bucket(call: Call) -> JsonDict:
    return call.engine.require(BUCKETS, call.namespace_id, call.param("bucket_identifier"), NAME, "bucket")


def _objects_scope(call: Call, bucket: JsonDict) -> str:
    return f"{call.namespace_id}/{bucket['bucket_id']}"


def _bucket_view(call: Call, record: JsonDict) -> JsonDict:
    return {**record, "object_count": call.engine.storage.count(OBJECTS, _objects_scope(call, record))}


def create_bucket(call: Call) -> Response:
    body = call.body()
    call.engine.ensure_unique_name(BUCKETS, call.namespace_id, NAME, str(body[NAME]), "bucket")
    now = utc_now()
    record: JsonDict = {key: value for key, value in body.items() if value is not None}
    record.update(
        {
            "bucket_id": call.engine.new_id("bkt"),
            "object_count": 0,
            "total_size_bytes": 0,
            "status": "ACTIVE",
            "created_at": now,
            "updated_at": now,
        }
    )
    call.engine.storage.put(BUCKETS, call.namespace_id, record["bucket_id"], record)
    return ok(_bucket_view(call, record))


def get_bucket(call: Call) -> Response:
    return ok(_bucket_view(call, _bucket(call)))


def list_buckets(call: Call) -> Response:
    body = call.list_request()
    records = [_bucket_view(call, r) for r in call.engine.storage.scan(BUCKETS, call.namespace_id)]
    page, pagination = listing(call, records, name_field=NAME, body=body)
    return ok({"results": page, "pagination": pagination, "total_count": pagination["total"]})


def update_bucket(call: Call) -> Response:
    """PUT and PATCH: the body's fields (those not null) replace the bucket's."""
    bucket = _bucket(call)
    changes = {key: value for key, value in call.body().items() if value is not None}
    new_name = changes.get(NAME)
    if new_name is not None and new_name != bucket[NAME]:
        call.engine.ensure_unique_name(BUCKETS, call.namespace_id, NAME, str(new_name), "bucket")
    updated = merge(bucket, changes, _BUCKET_PROTECTED)
    updated["updated_at"] = utc_now()
    call.engine.storage.put(BUCKETS, call.namespace_id, str(bucket["bucket_id"]), updated)
    return ok(_bucket_view(call, updated))


def delete_bucket(call: Call) -> Response:
    bucket = _bucket(call)
    with call.engine.storage.batch():
        call.engine.storage.drop_scope(OBJECTS, _objects_scope(call, bucket))
        call.engine.storage.delete(BUCKETS, call.namespace_id, str(bucket["bucket_id"]))
    return ok(deleted("bucket", str(bucket["bucket_id"])))


def _blob(call: Call, blob: JsonDict) -> JsonDict:
    stored = {key: blob[key] for key in _BLOB_FIELDS if blob.get(key) is not None}
    stored["blob_id"] = call.engine.new_id("blob")
    if blob.get("metadata") is not None:
        stored["properties"] = blob["metadata"]
    return stored


def create_object(call: Call) -> Response:
    bucket = _bucket(call)
    body = call.body()
    now = utc_now()
    record: JsonDict = {key: value for key, value in body.items() if value is not None and key != "blobs"}
    record.update(
        {
            "object_id": call.engine.new_id("obj"),
            "bucket_id": bucket["bucket_id"],
            "blobs": [_blob(call, blob) for blob in body.get("blobs") or []],
            "status": "COMPLETED",
            "created_at": now,
            "updated_at": now,
        }
    )
    call.engine.storage.put(OBJECTS, _objects_scope(call, bucket), record["object_id"], record)
    return ok(record)


def _object(call: Call, bucket: JsonDict) -> JsonDict:
    object_id = call.param("object_identifier")
    record = call.engine.storage.get(OBJECTS, _objects_scope(call, bucket), object_id)
    if record is None:
        raise not_found("object", object_id)
    return record


def get_object(call: Call) -> Response:
    return ok(_object(call, _bucket(call)))


def list_objects(call: Call) -> Response:
    bucket = _bucket(call)
    body = call.list_request()
    records = call.engine.storage.scan(OBJECTS, _objects_scope(call, bucket))
    page, pagination = listing(call, records, name_field="key_prefix", body=body)
    return ok({"results": page, "pagination": pagination})


def _object_fields(call: Call, body: JsonDict) -> JsonDict:
    """The object fields a write's body sets (not null), blobs checked and given ids as at creation."""
    fields = {key: value for key, value in body.items() if value is not None}
    if "blobs" in fields:
        validate_body("CreateObjectRequest", {"blobs": fields["blobs"]})  # the update models omit blobs
        fields["blobs"] = [_blob(call, blob) for blob in fields["blobs"]]
    return fields


def _save_object(call: Call, bucket: JsonDict, current: JsonDict, base: JsonDict) -> Response:
    updated = merge(base, _object_fields(call, call.body()), _OBJECT_PROTECTED)
    updated["updated_at"] = utc_now()
    call.engine.storage.put(OBJECTS, _objects_scope(call, bucket), str(current["object_id"]), updated)
    return ok(updated)


def patch_object(call: Call) -> Response:
    """PATCH: the body's fields replace the object's; the others stay."""
    bucket = _bucket(call)
    current = _object(call, bucket)
    return _save_object(call, bucket, current, current)


def update_object(call: Call) -> Response:
    """PUT: the object becomes the body's fields, with its server-owned fields and (unless given) blobs."""
    bucket = _bucket(call)
    current = _object(call, bucket)
    kept = {key: current[key] for key in (*_OBJECT_PROTECTED, "blobs") if key in current}
    return _save_object(call, bucket, current, kept)


def delete_object(call: Call) -> Response:
    bucket = _bucket(call)
    record = _object(call, bucket)
    call.engine.storage.delete(OBJECTS, _objects_scope(call, bucket), str(record["object_id"]))
    return Response(204)


def routes() -> list[Route]:
    """The bucket and bucket-object routes (scoped by X-Namespace)."""
    one = "/v1/buckets/{bucket_identifier}"
    objects = one + "/objects"
    one_object = objects + "/{object_identifier}"
    return [
        Route("POST", "/v1/buckets", "create_bucket", create_bucket, True, "BucketCreateRequest", "required"),
        Route("GET", "/v1/buckets", "list_buckets_get", list_buckets),
        Route(
            "POST", "/v1/buckets/list", "list_buckets", list_buckets, True, "ListBucketsRequest", "optional"
        ),
        Route("GET", one, "get_bucket", get_bucket),
        Route("PUT", one, "update_bucket", update_bucket, True, "BucketUpdateRequest", "required"),
        Route("PATCH", one, "patch_bucket", update_bucket, True, "BucketPatchRequest", "required"),
        Route("DELETE", one, "delete_bucket", delete_bucket),
        Route(
            "POST", objects, "create_object_buckets", create_object, True, "CreateObjectRequest", "required"
        ),
        Route("GET", objects, "list_objects_get_buckets", list_objects),
        Route(
            "POST",
            objects + "/list",
            "list_objects_buckets",
            list_objects,
            True,
            "ListObjectsRequest",
            "optional",
        ),
        Route("GET", one_object, "get_object_buckets", get_object),
        Route(
            "PUT", one_object, "update_object_buckets", update_object, True, "UpdateObjectRequest", "required"
        ),
        Route(
            "PATCH", one_object, "patch_object_buckets", patch_object, True, "PatchObjectRequest", "required"
        ),
        Route("DELETE", one_object, "delete_object_buckets", delete_object),
    ]
