"""Buckets and their objects: create, get, list, delete (no file processing happens locally).

An object is registered with its blobs' descriptions; a blob's ``data`` (usually the URL of the media) is
kept as given, but nothing is downloaded or processed. Object ids are unique per bucket; deleting a bucket
deletes its objects.
"""

from __future__ import annotations

from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.engine import utc_now
from mixpeek.local.errors import not_found
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import deleted, listing
from mixpeek.local.routing import Route

JsonDict = dict[str, Any]
BUCKETS = "buckets"
OBJECTS = "objects"
NAME = "bucket_name"
_BLOB_FIELDS = ("property", "key_prefix", "type", "data")


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


def delete_object(call: Call) -> Response:
    bucket = _bucket(call)
    record = _object(call, bucket)
    call.engine.storage.delete(OBJECTS, _objects_scope(call, bucket), str(record["object_id"]))
    return Response(204)


def routes() -> list[Route]:
    """The bucket and bucket-object routes (scoped by X-Namespace)."""
    one = "/v1/buckets/{bucket_identifier}"
    objects = one + "/objects"
    return [
        Route("POST", "/v1/buckets", "create_bucket", create_bucket, True, "BucketCreateRequest", "required"),
        Route("GET", "/v1/buckets", "list_buckets_get", list_buckets),
        Route(
            "POST", "/v1/buckets/list", "list_buckets", list_buckets, True, "ListBucketsRequest", "optional"
        ),
        Route("GET", one, "get_bucket", get_bucket),
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
        Route("GET", objects + "/{object_identifier}", "get_object_buckets", get_object),
        Route("DELETE", objects + "/{object_identifier}", "delete_object_buckets", delete_object),
    ]
