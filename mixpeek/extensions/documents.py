"""`DocumentsApi.upload_documents`: a composed helper for a call the API does not have as one endpoint.

The user's description of the SDK shows ``DocumentsApi.upload_documents(upload_documents_request=
UploadDocumentsRequest(collection_id=..., documents=[{"url": ..., "metadata": ...}]))``. The Mixpeek API
ingests files through buckets: an object is created in the bucket a collection reads from, then the
collection is triggered to process it. `upload_documents` performs exactly those generated operations in
order, so it shares the runtime's auth, retries, timeouts and errors, and returns what the API returned.

This module sits above the generated layer: it imports generated API classes and models, never the other
way round. `DocumentsApi` here is the generated class plus the helper (a thin delegation), and it is what
``mixpeek.DocumentsApi`` names (``apiExtensions`` in ``openapi-generator-config.yaml``);
``mixpeek.api.DocumentsApi`` stays the generated class.
"""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import urlparse

from pydantic import Field, ValidationError
from typing_extensions import Required, TypedDict

from mixpeek._runtime.model import MixpeekModel
from mixpeek._runtime.validation import invalid_argument
from mixpeek.api.bucket_objects_api import BucketObjectsApi
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.api.documents_api import DocumentsApi as GeneratedDocumentsApi
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from mixpeek._runtime.operation import RequestOptions
    from mixpeek.models import CreateObjectRequest, ObjectResponse, TriggerCollectionResponse

# Blob types the API knows, by file extension; anything else is sent as a plain string blob.
_MEDIA_TYPES_BY_EXTENSION: Mapping[str, str] = {
    **dict.fromkeys(("mp4", "mov", "avi", "mkv", "webm", "m4v"), "video"),
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff"), "image"),
    **dict.fromkeys(("mp3", "wav", "flac", "ogg", "m4a", "aac"), "audio"),
    "pdf": "pdf",
    **dict.fromkeys(("xls", "xlsx", "csv"), "excel"),
    **dict.fromkeys(("txt", "md", "html", "htm", "json"), "text"),
}


def media_type_of(url: str) -> str:
    """The API's blob type for a URL, judged by its file extension ("string" when unknown)."""
    extension = posixpath.splitext(urlparse(url).path)[1].lstrip(".").lower()
    return _MEDIA_TYPES_BY_EXTENSION.get(extension, "string")


class UploadDocument(MixpeekModel):
    """One file to ingest: where it is, and the metadata to keep with it."""

    url: str = Field(min_length=1, description="Location of the file (s3://, https://, ...).")
    metadata: Optional[Dict[str, Any]] = Field(default=None, description="Metadata stored with the blob.")
    type: Optional[str] = Field(
        default=None,
        description="Blob type (video, image, audio, pdf, text, ...); guessed from the URL if unset.",
    )


class UploadDocumentParam(TypedDict, total=False):
    """`UploadDocument` as a dict (what type checkers accept in ``documents=[{...}]``)."""

    url: Required[str]
    metadata: Optional[Dict[str, Any]]
    type: Optional[str]


class UploadDocumentsRequest(MixpeekModel):
    """What `DocumentsApi.upload_documents` ingests, and into which collection."""

    collection_id: str = Field(min_length=1, description="ID or name of the collection to fill.")
    documents: List[UploadDocument] = Field(min_length=1, description="The files to ingest.")
    bucket_id: Optional[str] = Field(
        default=None, description="Bucket to write to; by default the collection's first source bucket."
    )
    blob_property: str = Field(
        default="content", min_length=1, description="Name of the bucket schema property that holds the file."
    )
    trigger: bool = Field(default=True, description="Trigger the collection once the objects are created.")

    if TYPE_CHECKING:  # for type checkers: each document may be given as a dict (validated at run time)

        def __init__(
            self,
            *,
            collection_id: str,
            documents: Sequence[Union[UploadDocument, UploadDocumentParam]],
            bucket_id: Optional[str] = ...,
            blob_property: str = ...,
            trigger: bool = ...,
        ) -> None: ...


class UploadDocumentsResponse(MixpeekModel):
    """What the API returned for each step of an upload."""

    collection_id: str
    bucket_id: str
    objects: List[ObjectResponse] = Field(
        description="The bucket objects created, one per document, in order."
    )
    trigger: Optional[TriggerCollectionResponse] = Field(
        default=None,
        description="The batch/task started by triggering the collection (None if not triggered).",
    )


class DocumentsApi(GeneratedDocumentsApi):
    """The generated `DocumentsApi` (``mixpeek.api.DocumentsApi``) plus the composed `upload_documents`."""

    def upload_documents(
        self,
        upload_documents_request: Union[UploadDocumentsRequest, Mapping[str, Any]],
        *,
        authorization: Optional[str] = None,
        x_namespace: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> UploadDocumentsResponse:
        """Ingest files into a collection: one bucket object per URL, then one collection trigger.

        See `upload_documents` (the module function) for the steps; this client's `ApiClient` makes them.
        """
        return upload_documents(
            self, upload_documents_request, authorization=authorization, x_namespace=x_namespace, **options
        )


def upload_documents(
    api: GeneratedDocumentsApi,
    upload_documents_request: Union[UploadDocumentsRequest, Mapping[str, Any]],
    *,
    authorization: Optional[str] = None,
    x_namespace: Optional[str] = None,
    **options: Unpack[RequestOptions],
) -> UploadDocumentsResponse:
    """Ingest files into a collection through ``api``'s `ApiClient`: one bucket object per URL, then one
    collection trigger.

    Composed from ``CollectionsApi.get_collection`` (to find the source bucket when ``bucket_id`` is not
    given), ``BucketObjectsApi.create_object_buckets`` (once per document) and
    ``CollectionsApi.trigger_collection`` (for the created objects). A failure raises the SDK's usual
    exception for the step that failed; objects created before it remain in the bucket. Every request is
    validated before the first call: an invalid one raises `RequestValidationError` and sends nothing.
    """
    request, object_requests = _validated(upload_documents_request)
    scope: Dict[str, Any] = {"authorization": authorization, "x_namespace": x_namespace, **options}
    collections = CollectionsApi(api.api_client)
    objects_api = BucketObjectsApi(api.api_client)

    bucket_id = request.bucket_id or _source_bucket_of(
        collections.get_collection(request.collection_id, **scope)
    )
    objects = [
        objects_api.create_object_buckets(bucket_id, object_request, **scope)
        for object_request in object_requests
    ]
    trigger = None
    if request.trigger:
        from mixpeek.models import TriggerCollectionRequest

        object_ids = [obj.object_id for obj in objects if obj.object_id]
        trigger = collections.trigger_collection(
            request.collection_id, TriggerCollectionRequest(object_ids=object_ids or None), **scope
        )
    _rebuild_models()
    return UploadDocumentsResponse(
        collection_id=request.collection_id, bucket_id=bucket_id, objects=objects, trigger=trigger
    )


def _validated(
    given: Union[UploadDocumentsRequest, Mapping[str, Any]],
) -> Tuple[UploadDocumentsRequest, List[CreateObjectRequest]]:
    """The request and one object request per document, or `RequestValidationError` before any call."""
    from mixpeek.models import CreateBlobRequest, CreateObjectRequest

    try:
        request = (
            given
            if isinstance(given, UploadDocumentsRequest)
            else UploadDocumentsRequest.model_validate(given)
        )
        object_requests = [
            CreateObjectRequest(
                blobs=[
                    CreateBlobRequest.model_validate(
                        {
                            "property": request.blob_property,
                            "type": document.type or media_type_of(document.url),
                            "data": document.url,
                            "metadata": document.metadata,
                        }
                    )
                ]
            )
            for document in request.documents
        ]
    except ValidationError as exc:
        raise invalid_argument("DocumentsApi.upload_documents", "upload_documents_request", exc) from exc
    return request, object_requests


def _source_bucket_of(collection: Any) -> str:
    """The first bucket a collection reads from; a clear error when it does not read from a bucket."""
    source = getattr(collection, "source", None)
    bucket_ids = getattr(source, "bucket_ids", None) or []
    if not bucket_ids:
        name = getattr(collection, "collection_name", None) or getattr(collection, "collection_id", "?")
        raise ApiValueError(
            f"collection {name!r} has no source bucket to upload into; "
            "pass bucket_id= in UploadDocumentsRequest"
        )
    return str(bucket_ids[0])


@functools.cache
def _rebuild_models() -> None:
    """Resolve the forward references to generated models, once (on first use: they import models)."""
    from mixpeek.models import ObjectResponse, TriggerCollectionResponse

    UploadDocumentsResponse.model_rebuild(
        _types_namespace={
            "ObjectResponse": ObjectResponse,
            "TriggerCollectionResponse": TriggerCollectionResponse,
        }
    )
