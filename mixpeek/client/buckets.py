"""``mp.buckets``: raw-object storage buckets, with ``mp.buckets.objects`` and ``mp.buckets.uploads``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import BucketResponse, ConfirmUploadResponse, ObjectResponse, UploadResponse


class BucketObjects:
    """``mp.buckets.objects``: the objects of a bucket. Every method takes ``namespace=``."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, bucket_identifier: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> ObjectResponse:
        """Register an object (`CreateObjectRequest` fields: blobs, key_prefix, idempotency_key ...)."""
        request = build_request(models.CreateObjectRequest, fields)
        return self._core.bucket_objects.create_object_buckets(
            bucket_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def list(
        self,
        bucket_identifier: str,
        *,
        limit: Optional[int] = None,
        namespace: Optional[str] = None,
        **filters: Any,
    ) -> Paginator[ObjectResponse]:
        """Every object of a bucket, page by page (``filters``: `ListObjectsRequest` fields)."""
        body = build_request(models.ListObjectsRequest, filters)
        api, x_namespace = self._core.bucket_objects, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_objects_buckets(
                bucket_identifier,
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_objects_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(
        self, bucket_identifier: str, object_identifier: str, *, namespace: Optional[str] = None
    ) -> ObjectResponse:
        """One object of a bucket."""
        return self._core.bucket_objects.get_object_buckets(
            bucket_identifier, object_identifier, x_namespace=self._core.namespace(namespace)
        )

    def update(
        self,
        bucket_identifier: str,
        object_identifier: str,
        *,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> ObjectResponse:
        """Change some fields of an object (`PatchObjectRequest`)."""
        request = build_request(models.PatchObjectRequest, fields)
        return self._core.bucket_objects.patch_object_buckets(
            bucket_identifier, object_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def delete(
        self, bucket_identifier: str, object_identifier: str, *, namespace: Optional[str] = None
    ) -> None:
        """Delete an object."""
        self._core.bucket_objects.delete_object_buckets(
            bucket_identifier, object_identifier, x_namespace=self._core.namespace(namespace)
        )


class BucketUploads:
    """``mp.buckets.uploads``: presigned uploads into a bucket. Every method takes ``namespace=``."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self,
        bucket_identifier: str,
        filename: str,
        content_type: str,
        *,
        namespace: Optional[str] = None,
        **fields: Any,
    ) -> UploadResponse:
        """Start an upload: returns the presigned URL to PUT the file to (`CreateUploadRequest` fields)."""
        request = build_request(
            models.CreateUploadRequest, {"filename": filename, "content_type": content_type, **fields}
        )
        return self._core.bucket_uploads.create_upload_buckets(
            bucket_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def confirm(
        self, bucket_identifier: str, upload_id: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> ConfirmUploadResponse:
        """Tell the API the file was uploaded (`ConfirmUploadRequest` fields: etag, file_size_bytes ...)."""
        request = build_request(models.ConfirmUploadRequest, fields)
        return self._core.bucket_uploads.confirm_upload_buckets(
            bucket_identifier,
            upload_id,
            confirm_upload_request=request,
            x_namespace=self._core.namespace(namespace),
        )

    def list(
        self,
        bucket_identifier: str,
        *,
        limit: Optional[int] = None,
        namespace: Optional[str] = None,
        **filters: Any,
    ) -> Paginator[UploadResponse]:
        """Every upload of a bucket, page by page (``filters``: `ListUploadsRequest` fields)."""
        body = build_request(models.ListUploadsRequest, filters)
        api, x_namespace = self._core.bucket_uploads, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_uploads_buckets(
                bucket_identifier,
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_uploads_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(self, bucket_identifier: str, upload_id: str, *, namespace: Optional[str] = None) -> Any:
        """One upload, as the API returns it."""
        return self._core.bucket_uploads.get_upload_buckets(
            bucket_identifier, upload_id, x_namespace=self._core.namespace(namespace)
        )

    def delete(
        self,
        bucket_identifier: str,
        upload_id: str,
        *,
        delete_s3_object: Optional[bool] = None,
        namespace: Optional[str] = None,
    ) -> None:
        """Cancel an upload (and delete the stored file when ``delete_s3_object``)."""
        self._core.bucket_uploads.delete_upload_buckets(
            bucket_identifier,
            upload_id,
            delete_s3_object=delete_s3_object,
            x_namespace=self._core.namespace(namespace),
        )


class Buckets:
    """``mp.buckets``: create, list, get, update, delete; ``.objects`` and ``.uploads``."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core
        self.objects = BucketObjects(core)
        self.uploads = BucketUploads(core)

    def create(
        self, bucket_name: str, bucket_schema: Any, *, namespace: Optional[str] = None, **fields: Any
    ) -> BucketResponse:
        """Create a bucket whose objects follow ``bucket_schema`` (`BucketCreateRequest` fields)."""
        request = build_request(
            models.BucketCreateRequest, {"bucket_name": bucket_name, "bucket_schema": bucket_schema, **fields}
        )
        return self._core.buckets.create_bucket(request, x_namespace=self._core.namespace(namespace))

    def list(
        self, *, limit: Optional[int] = None, namespace: Optional[str] = None, **filters: Any
    ) -> Paginator[BucketResponse]:
        """Every bucket, page by page (``filters``: `ListBucketsRequest` fields: search, sort ...)."""
        body = build_request(models.ListBucketsRequest, filters)
        api, x_namespace = self._core.buckets, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_buckets(
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_buckets_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(self, bucket_identifier: str, *, namespace: Optional[str] = None) -> BucketResponse:
        """One bucket by id or name."""
        return self._core.buckets.get_bucket(bucket_identifier, x_namespace=self._core.namespace(namespace))

    def update(
        self, bucket_identifier: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> BucketResponse:
        """Change some fields of a bucket (`BucketPatchRequest`)."""
        request = build_request(models.BucketPatchRequest, fields)
        return self._core.buckets.patch_bucket(
            bucket_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def delete(
        self,
        bucket_identifier: str,
        *,
        force_foreclose: Optional[bool] = None,
        namespace: Optional[str] = None,
    ) -> Any:
        """Delete a bucket."""
        return self._core.buckets.delete_bucket(
            bucket_identifier, force_foreclose=force_foreclose, x_namespace=self._core.namespace(namespace)
        )
