"""`DocumentsApi.upload_documents`: the composed helper performs the documented API calls in order."""

from __future__ import annotations

from typing import Any

import pytest

import mixpeek
from mixpeek.exceptions import ApiValueError, RequestValidationError
from mixpeek.extensions.documents import media_type_of
from test.support.servers import RecordingServer

COLLECTION = {
    "collection_id": "col_abc123",
    "collection_name": "clips",
    "source": {"type": "bucket", "bucket_ids": ["bkt_src"]},
}


def _object(object_id: str) -> dict[str, Any]:
    return {"object_id": object_id, "bucket_id": "bkt_src", "status": "PENDING"}


TRIGGER = {
    "task_id": "tsk_1",
    "batch_id": "btch_1",
    "collection_id": "col_abc123",
    "total_tiers": 1,
    "message": "ok",
}


def test_upload_documents_creates_one_object_per_url_then_triggers(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    recording_server.enqueue(body=COLLECTION)
    recording_server.enqueue(body=_object("obj_1"))
    recording_server.enqueue(body=_object("obj_2"))
    recording_server.enqueue(status=202, body=TRIGGER)
    documents_api = mixpeek.DocumentsApi(api_client)

    result = documents_api.upload_documents(
        upload_documents_request=mixpeek.UploadDocumentsRequest(
            collection_id="col_abc123",
            documents=[
                {"url": "s3://bucket/video.mp4", "metadata": {"title": "Demo Video"}},
                {"url": "s3://bucket/image.jpg", "metadata": {"title": "Demo Image"}},
            ],
        ),
        authorization="Bearer sk_other",
        x_namespace="ns_xxx",
    )

    calls = [(r.method, r.raw_path) for r in recording_server.requests]
    assert calls == [
        ("GET", "/v1/collections/col_abc123"),
        ("POST", "/v1/buckets/bkt_src/objects"),
        ("POST", "/v1/buckets/bkt_src/objects"),
        ("POST", "/v1/collections/col_abc123/trigger"),
    ]
    for request in recording_server.requests:
        assert request.headers["Authorization"] == "Bearer sk_other"
        assert request.headers["X-Namespace"] == "ns_xxx"
    first_blob = recording_server.requests[1].json()["blobs"][0]
    assert first_blob == {
        "property": "content",
        "type": "video",
        "data": "s3://bucket/video.mp4",
        "metadata": {"title": "Demo Video"},
    }
    assert recording_server.requests[2].json()["blobs"][0]["type"] == "image"
    assert recording_server.requests[3].json() == {"object_ids": ["obj_1", "obj_2"]}
    assert [o.object_id for o in result.objects] == ["obj_1", "obj_2"]
    assert isinstance(result.objects[0], mixpeek.ObjectResponse)
    assert result.trigger is not None and result.trigger.task_id == "tsk_1"
    assert result.bucket_id == "bkt_src"


def test_upload_documents_with_explicit_bucket_skips_lookup_and_trigger(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    recording_server.respond(body=_object("obj_9"))
    result = mixpeek.DocumentsApi(api_client).upload_documents(
        {
            "collection_id": "c",
            "bucket_id": "bkt_x",
            "trigger": False,
            "documents": [{"url": "https://x/a.pdf"}],
        }
    )
    assert [(r.method, r.raw_path) for r in recording_server.requests] == [
        ("POST", "/v1/buckets/bkt_x/objects")
    ]
    assert result.trigger is None and result.objects[0].object_id == "obj_9"


def test_upload_documents_without_source_bucket_says_what_to_do(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    recording_server.respond(body={"collection_id": "c", "collection_name": "n", "source": {"type": "none"}})
    with pytest.raises(ApiValueError, match="bucket_id="):
        mixpeek.DocumentsApi(api_client).upload_documents({"collection_id": "c", "documents": [{"url": "u"}]})
    assert len(recording_server.requests) == 1


def test_upload_documents_request_rejects_empty_documents_before_sending(
    recording_server: RecordingServer,
) -> None:
    with pytest.raises(ValueError, match="documents"):
        mixpeek.UploadDocumentsRequest(collection_id="c", documents=[])
    assert recording_server.requests == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://b/v.MP4", "video"),
        ("https://h/p/x.png?sig=1", "image"),
        ("gs://b/a.wav", "audio"),
        ("https://h/doc.pdf", "pdf"),
        ("https://h/notes", "string"),
    ],
)
def test_media_type_is_guessed_from_the_url_path(url: str, expected: str) -> None:
    assert media_type_of(url) == expected


@pytest.mark.parametrize(
    "request_fields",
    [
        {"collection_id": "c", "documents": []},
        {
            "collection_id": "c",
            "documents": [{"url": "s3://b/a.mp4"}, {"url": "s3://b/b.mp4", "type": "nope"}],
        },
    ],
)
def test_upload_documents_refuses_an_invalid_request_with_the_sdk_error_before_sending(
    request_fields: dict[str, Any], recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        mixpeek.DocumentsApi(api_client).upload_documents(request_fields, x_namespace="ns_xxx")
    assert str(raised.value).startswith("DocumentsApi.upload_documents: upload_documents_request")
    assert raised.value.errors
    assert recording_server.requests == []


def test_the_top_level_documents_api_is_the_generated_class_plus_the_helper() -> None:
    import mixpeek.api

    assert issubclass(mixpeek.DocumentsApi, mixpeek.api.DocumentsApi)
    assert mixpeek.DocumentsApi is not mixpeek.api.DocumentsApi
    assert not hasattr(mixpeek.api.DocumentsApi, "upload_documents")


def test_the_helper_runs_on_a_plain_generated_documents_api_through_its_api_client(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    from mixpeek.api import DocumentsApi as GeneratedDocumentsApi
    from mixpeek.extensions.documents import upload_documents

    recording_server.respond(body=_object("obj_7"))
    result = upload_documents(
        GeneratedDocumentsApi(api_client),
        {
            "collection_id": "c",
            "bucket_id": "bkt_y",
            "trigger": False,
            "documents": [{"url": "s3://b/v.mp4"}],
        },
        x_namespace="ns_other",
    )
    request = recording_server.last_request
    assert (request.method, request.raw_path) == ("POST", "/v1/buckets/bkt_y/objects")
    assert request.headers["X-Namespace"] == "ns_other"
    assert request.json()["blobs"][0]["type"] == "video"
    assert result.objects[0].object_id == "obj_7"
