"""``mp.buckets``: raw-object storage buckets, with ``mp.buckets.objects`` and ``mp.buckets.uploads``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional, Union, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    build_request,
    create_or_existing,
    required_name,
    split_options,
)
from mixpeek.client.blobs import blob_entry
from mixpeek.client.pagination import Paginator, paginator

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        BucketObjectsCreateFields,
        BucketObjectsListFields,
        BucketObjectsUpdateFields,
        BucketsCreateFields,
        BucketsListFields,
        BucketsUpdateFields,
        BucketsUploadFields,
        BucketUploadsConfirmFields,
        BucketUploadsCreateFields,
        BucketUploadsListFields,
    )
    from mixpeek.models import BucketSchemaInput
    from mixpeek.params import BucketSchemaInputParam
    from mixpeek.records import (
        BucketResponseRecord,
        ConfirmUploadResponseRecord,
        ListBucketsResponseRecord,
        ListObjectsResponseRecord,
        ListUploadsResponseRecord,
        ObjectResponseRecord,
        UploadResponseRecord,
    )

#: How many objects a page of `Buckets.list_objects` holds unless told otherwise (as in the published client).
DEFAULT_OBJECTS_PAGE_SIZE = 100


class BucketObjects:
    """``mp.buckets.objects``: the objects of a bucket. Every method takes the per-call options."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(self, bucket_id: str, **fields: Unpack[BucketObjectsCreateFields]) -> ObjectResponseRecord:
        """Register an object (`CreateObjectRequest` fields: blobs, key_prefix, idempotency_key ...)."""
        body, options = split_options(fields)
        return self._create(bucket_id, body, options, caller=self.create)

    def _create(
        self, bucket_id: str, body: Mapping[str, Any], options: CallOptions, *, caller: Callable[..., Any]
    ) -> ObjectResponseRecord:
        """`create`, for it and for the methods that add an object for their caller (``Buckets.upload``,
        ``Mixpeek.index``): a refused request names ``caller``."""
        request = build_request(models.CreateObjectRequest, body, caller=caller)
        return cast(
            "ObjectResponseRecord",
            self._core.call(
                self._core.bucket_objects.create_object_buckets, bucket_id, request, options=options
            ),
        )

    def list(
        self, bucket_id: str, *, limit: Optional[int] = None, **fields: Unpack[BucketObjectsListFields]
    ) -> ListObjectsResponseRecord:
        """The first page of a bucket's objects; `paginate` walks every page (``fields``:
        `ListObjectsRequest` filters and per-call options)."""
        body, options = split_options(fields)
        return cast(
            "ListObjectsResponseRecord",
            self._core.call(
                self._core.bucket_objects.list_objects_buckets,
                bucket_id,
                limit=limit,
                list_objects_request=_objects_filter(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, bucket_id: str, *, limit: Optional[int] = None, **fields: Unpack[BucketObjectsListFields]
    ) -> Paginator[ObjectResponseRecord]:
        """Every object of a bucket, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.bucket_objects.list_objects_buckets,
            options,
            bucket_id,
            limit=limit,
            list_objects_request=_objects_filter(body, caller=self.paginate),
        )

    def get(self, bucket_id: str, object_id: str, **options: Unpack[CallOptions]) -> ObjectResponseRecord:
        """One object of a bucket."""
        return cast(
            "ObjectResponseRecord",
            self._core.call(
                self._core.bucket_objects.get_object_buckets, bucket_id, object_id, options=options
            ),
        )

    def update(
        self, bucket_id: str, object_id: str, **fields: Unpack[BucketObjectsUpdateFields]
    ) -> ObjectResponseRecord:
        """Change some fields of an object (`PatchObjectRequest`)."""
        body, options = split_options(fields)
        request = build_request(models.PatchObjectRequest, body, caller=self.update)
        return cast(
            "ObjectResponseRecord",
            self._core.call(
                self._core.bucket_objects.patch_object_buckets, bucket_id, object_id, request, options=options
            ),
        )

    def delete(self, bucket_id: str, object_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete an object."""
        self._core.call(
            self._core.bucket_objects.delete_object_buckets, bucket_id, object_id, options=options
        )


class BucketUploads:
    """``mp.buckets.uploads``: presigned uploads into a bucket. Every method takes the per-call options."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, bucket_id: str, filename: str, content_type: str, **fields: Unpack[BucketUploadsCreateFields]
    ) -> UploadResponseRecord:
        """Start an upload: returns the presigned URL to PUT the file to (`CreateUploadRequest` fields)."""
        body, options = split_options(fields)
        request = build_request(
            models.CreateUploadRequest,
            {"filename": filename, "content_type": content_type, **body},
            caller=self.create,
        )
        return cast(
            "UploadResponseRecord",
            self._core.call(
                self._core.bucket_uploads.create_upload_buckets, bucket_id, request, options=options
            ),
        )

    def confirm(
        self, bucket_id: str, upload_id: str, **fields: Unpack[BucketUploadsConfirmFields]
    ) -> ConfirmUploadResponseRecord:
        """Tell the API the file was uploaded (`ConfirmUploadRequest` fields: etag, file_size_bytes ...)."""
        body, options = split_options(fields)
        request = build_request(models.ConfirmUploadRequest, body, caller=self.confirm)
        return cast(
            "ConfirmUploadResponseRecord",
            self._core.call(
                self._core.bucket_uploads.confirm_upload_buckets,
                bucket_id,
                upload_id,
                confirm_upload_request=request,
                options=options,
            ),
        )

    def list(
        self, bucket_id: str, *, limit: Optional[int] = None, **fields: Unpack[BucketUploadsListFields]
    ) -> ListUploadsResponseRecord:
        """The first page of a bucket's uploads (`ListUploadsRequest` filters); `paginate` walks them all."""
        body, options = split_options(fields)
        return cast(
            "ListUploadsResponseRecord",
            self._core.call(
                self._core.bucket_uploads.list_uploads_buckets,
                bucket_id,
                limit=limit,
                list_uploads_request=_uploads_filter(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, bucket_id: str, *, limit: Optional[int] = None, **fields: Unpack[BucketUploadsListFields]
    ) -> Paginator[UploadResponseRecord]:
        """Every upload of a bucket, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.bucket_uploads.list_uploads_buckets,
            options,
            bucket_id,
            limit=limit,
            list_uploads_request=_uploads_filter(body, caller=self.paginate),
        )

    def get(self, bucket_id: str, upload_id: str, **options: Unpack[CallOptions]) -> Any:
        """One upload, as the API returns it."""
        return self._core.call(
            self._core.bucket_uploads.get_upload_buckets, bucket_id, upload_id, options=options
        )

    def delete(
        self,
        bucket_id: str,
        upload_id: str,
        *,
        delete_s3_object: Optional[bool] = None,
        **options: Unpack[CallOptions],
    ) -> None:
        """Cancel an upload (and delete the stored file when ``delete_s3_object``)."""
        self._core.call(
            self._core.bucket_uploads.delete_upload_buckets,
            bucket_id,
            upload_id,
            delete_s3_object=delete_s3_object,
            options=options,
        )


class Buckets:
    """``mp.buckets``: create, list, get, update, delete, upload, list_objects, paginate; ``.objects`` and
    ``.uploads``. Every method also takes the per-call options of `CallOptions`."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core
        self.objects = BucketObjects(core)
        self.uploads = BucketUploads(core)

    def create(
        self,
        bucket_name: Optional[str] = None,
        bucket_schema: Union[BucketSchemaInput, BucketSchemaInputParam, None] = None,
        *,
        name: Optional[str] = None,
        exist_ok: bool = False,
        **fields: Unpack[BucketsCreateFields],
    ) -> BucketResponseRecord:
        """Create a bucket named ``bucket_name`` (or ``name``) whose objects follow ``bucket_schema``
        (`BucketCreateRequest` fields). With ``exist_ok=True`` an existing bucket of that name is returned
        when it matches, and `ExistsDifferentlyError` says how when it does not."""
        body, options = split_options(fields)
        resolved = required_name(
            bucket_name or name or body.pop("bucket_name", None),
            "bucket_name",
            "the bucket's name",
            model=models.BucketCreateRequest,
            given=body,
            caller=self.create,
        )
        request = build_request(
            models.BucketCreateRequest,
            {"bucket_name": resolved, "bucket_schema": bucket_schema, **body},
            caller=self.create,
        )
        return cast(
            "BucketResponseRecord",
            create_or_existing(
                lambda: self._core.call(self._core.buckets.create_bucket, request, options=options),
                lambda: self._core.call(self._core.buckets.get_bucket, resolved, options=options),
                request,
                f"the bucket {resolved!r}",
                exist_ok,
            ),
        )

    def list(
        self, *, limit: Optional[int] = None, **fields: Unpack[BucketsListFields]
    ) -> ListBucketsResponseRecord:
        """The first page of buckets (``POST /v1/buckets/list``); `paginate` walks every page."""
        body, options = split_options(fields)
        return cast(
            "ListBucketsResponseRecord",
            self._core.call(
                self._core.buckets.list_buckets,
                limit=limit,
                list_buckets_request=_buckets_filter(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[BucketsListFields]
    ) -> Paginator[BucketResponseRecord]:
        """Every bucket, page by page, fetched as iteration reaches it (`ListBucketsRequest` filters)."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.buckets.list_buckets,
            options,
            limit=limit,
            list_buckets_request=_buckets_filter(body, caller=self.paginate),
        )

    def get(self, bucket_id: str, **options: Unpack[CallOptions]) -> BucketResponseRecord:
        """One bucket by id or name."""
        return cast(
            "BucketResponseRecord", self._core.call(self._core.buckets.get_bucket, bucket_id, options=options)
        )

    def update(self, bucket_id: str, **fields: Unpack[BucketsUpdateFields]) -> BucketResponseRecord:
        """Change some fields of a bucket (`BucketPatchRequest`)."""
        body, options = split_options(fields)
        request = build_request(models.BucketPatchRequest, body, caller=self.update)
        return cast(
            "BucketResponseRecord",
            self._core.call(self._core.buckets.patch_bucket, bucket_id, request, options=options),
        )

    def delete(
        self, bucket_id: str, *, force_foreclose: Optional[bool] = None, **options: Unpack[CallOptions]
    ) -> Any:
        """Delete a bucket."""
        return self._core.call(
            self._core.buckets.delete_bucket, bucket_id, force_foreclose=force_foreclose, options=options
        )

    def upload(
        self,
        bucket_id: str,
        *,
        url: Optional[str] = None,
        data: Any = None,
        metadata: Optional[Mapping[str, Any]] = None,
        blob_property: Optional[str] = None,
        blob_type: Optional[str] = None,
        **fields: Unpack[BucketsUploadFields],
    ) -> ObjectResponseRecord:
        """Add one object to a bucket from ``url`` (or ``data``).

        The object's ``blobs`` entry is derived from the bucket's schema (see `mixpeek.client.blobs`):
        its only file property, or ``blob_property`` (typed by ``blob_type`` or the file's extension).
        ``blobs=[...]`` sends entries as given; the other keyword fields are `CreateObjectRequest` fields.
        """
        body, options = split_options(fields)
        value = url if url is not None else data
        if value is not None and "blobs" not in body:
            body["blobs"] = [
                blob_entry(
                    bucket_id,
                    value,
                    lambda: self.get(bucket_id, **options),
                    blob_property=blob_property,
                    blob_type=blob_type,
                )
            ]
        if metadata is not None:
            body["metadata"] = metadata
        return self.objects._create(bucket_id, body, options, caller=self.upload)

    def list_objects(
        self,
        bucket_id: str,
        *,
        cursor: Optional[str] = None,
        page_size: int = DEFAULT_OBJECTS_PAGE_SIZE,
        **options: Unpack[CallOptions],
    ) -> ListObjectsResponseRecord:
        """One page of a bucket's objects, from ``cursor`` (the previous page's next cursor) or the start;
        ``mp.buckets.objects.paginate`` walks every page."""
        return cast(
            "ListObjectsResponseRecord",
            self._core.call(
                self._core.bucket_objects.list_objects_buckets,
                bucket_id,
                page_size=page_size,
                cursor=cursor,
                options=options,
            ),
        )


def _buckets_filter(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListBucketsRequest]:
    return build_request(models.ListBucketsRequest, body, caller=caller) if body else None


def _objects_filter(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListObjectsRequest]:
    return build_request(models.ListObjectsRequest, body, caller=caller) if body else None


def _uploads_filter(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListUploadsRequest]:
    return build_request(models.ListUploadsRequest, body, caller=caller) if body else None
