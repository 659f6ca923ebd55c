"""Updating buckets and objects (PUT, PATCH) with the high-level client and the generated APIs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import mixpeek
from mixpeek import Mixpeek
from mixpeek.api.bucket_objects_api import BucketObjectsApi
from mixpeek.api.buckets_api import BucketsApi
from mixpeek.exceptions import ConflictException, NotFoundException
from mixpeek.models import BucketUpdateRequest, UpdateObjectRequest
from test.local.helpers import TEST_KEY, assert_error_shape, raw, sdk_client

SCHEMA = {"properties": {"video": {"type": "video"}}}
BLOB = {"property": "video", "type": "video", "data": "s3://bucket/a.mp4"}


@pytest.fixture
def mp(local_url: str, namespace_name: str) -> Iterator[Mixpeek]:
    """A client on the shared server, in a fresh standalone namespace holding the bucket "media"."""
    with Mixpeek(TEST_KEY, namespace=namespace_name, base_url=local_url, max_retries=0) as client:
        client.namespaces.create(namespace_id=namespace_name, vector_configs=[{"name": "v", "dimension": 2}])
        client.buckets.create("media", bucket_schema=SCHEMA, metadata={"team": "video"})
        yield client


@pytest.fixture
def api(local_url: str, namespace_name: str, mp: Mixpeek) -> Iterator[mixpeek.ApiClient]:
    with sdk_client(local_url, namespace_name) as client:
        yield client


def test_patching_a_bucket_changes_the_given_fields_only(mp: Mixpeek) -> None:
    before = mp.buckets.get("media")
    updated = mp.buckets.update("media", bucket_name="clips", description="short clips")
    assert (updated["bucket_name"], updated["description"]) == ("clips", "short clips")
    assert updated["bucket_id"] == before["bucket_id"] and updated["metadata"] == {"team": "video"}
    assert updated["created_at"] == before["created_at"]
    assert mp.buckets.get(before["bucket_id"])["bucket_name"] == "clips"
    with pytest.raises(NotFoundException):
        mp.buckets.get("media")


def test_putting_a_bucket_through_the_generated_api(mp: Mixpeek, api: mixpeek.ApiClient) -> None:
    request = BucketUpdateRequest.model_validate({"metadata": {"team": "audio"}, "storage_class": "nearline"})
    updated = BucketsApi(api).update_bucket("media", request)
    assert updated.metadata == {"team": "audio"} and updated.bucket_name == "media"
    assert updated.to_dict()["storage_class"] == "nearline"
    assert mp.buckets.get("media")["metadata"] == {"team": "audio"}


def test_a_bucket_update_is_refused_like_the_other_writes(
    mp: Mixpeek, local_url: str, namespace_name: str
) -> None:
    mp.buckets.create("other", bucket_schema=SCHEMA)
    with pytest.raises(ConflictException):
        mp.buckets.update("media", bucket_name="other")
    with pytest.raises(NotFoundException) as missing:
        mp.buckets.update("nope", description="x")
    assert "nope" in str(missing.value)
    status, body = raw(
        local_url, "PATCH", "/v1/buckets/media", {"metadata": "not an object"}, namespace=namespace_name
    )
    assert status == 422
    assert_error_shape(body, 422)
    assert mp.buckets.get("media")["metadata"] == {"team": "video"}  # a refused update changed nothing


def _object(mp: Mixpeek) -> dict[str, Any]:
    return dict(mp.buckets.objects.create("media", key_prefix="raw", blobs=[BLOB], metadata={"take": 1}))


def test_patching_an_object_keeps_what_it_does_not_name(mp: Mixpeek) -> None:
    created = _object(mp)
    updated = mp.buckets.objects.update("media", created["object_id"], key_prefix="cut")
    assert updated["key_prefix"] == "cut" and updated["metadata"] == {"take": 1}
    assert updated["blobs"] == created["blobs"] and updated["created_at"] == created["created_at"]
    assert mp.buckets.objects.get("media", created["object_id"])["key_prefix"] == "cut"


def test_putting_an_object_replaces_its_fields_and_keeps_its_blobs(
    mp: Mixpeek, api: mixpeek.ApiClient
) -> None:
    created = _object(mp)
    objects = BucketObjectsApi(api)
    object_id = created["object_id"]
    replaced = objects.update_object_buckets(
        "media", object_id, UpdateObjectRequest(metadata={"take": 2})
    ).to_dict()
    assert replaced["metadata"] == {"take": 2} and "key_prefix" not in replaced
    assert (replaced["object_id"], replaced["bucket_id"]) == (object_id, created["bucket_id"])
    assert replaced["blobs"] == created["blobs"]
    request = UpdateObjectRequest.model_validate({"blobs": [{**BLOB, "data": "s3://bucket/b.mp4"}]})
    reblobbed = objects.update_object_buckets("media", object_id, request).to_dict()
    assert [blob["data"] for blob in reblobbed["blobs"]] == ["s3://bucket/b.mp4"]
    assert "metadata" not in reblobbed
    assert mp.buckets.objects.get("media", object_id)["blobs"] == reblobbed["blobs"]


def test_an_object_update_is_refused_like_the_other_writes(
    mp: Mixpeek, local_url: str, namespace_name: str
) -> None:
    created = _object(mp)
    with pytest.raises(NotFoundException) as missing:
        mp.buckets.objects.update("media", "obj_missing", key_prefix="x")
    assert "obj_missing" in str(missing.value)
    with pytest.raises(NotFoundException):
        mp.buckets.objects.update("nope", created["object_id"], key_prefix="x")
    path = f"/v1/buckets/media/objects/{created['object_id']}"
    for body in ({"key_prefix": 5}, {"blobs": [{"type": "video"}]}, {"blobs": "s3://x"}):
        status, answer = raw(local_url, "PUT", path, body, namespace=namespace_name)
        assert status == 422, body
        assert_error_shape(answer, 422)
    assert mp.buckets.objects.get("media", created["object_id"])["blobs"] == created["blobs"]
