"""Request dicts (``mixpeek.params``) at run time: a dict given for a body model is validated into the model
before anything is sent, exactly as the model itself would be, so the typed dicts change nothing at run
time. Keys are the wire names (``AND``, not the attribute ``var_and``)."""

from __future__ import annotations

import pytest

import mixpeek
from mixpeek.exceptions import ApiValueError, RequestValidationError
from mixpeek.params import CreateCollectionRequestParam, FieldPassthroughParam, SourceConfigInputParam
from test.support.servers import RecordingServer

COLLECTION = {"collection_id": "col_1", "collection_name": "c"}


def _request() -> CreateCollectionRequestParam:
    passthrough: FieldPassthroughParam = {"source_path": "title"}
    source: SourceConfigInputParam = {
        "type": "bucket",
        "bucket_ids": ("bkt_1",),  # any sequence: validated into the model's list
        "source_filters": {"filters": {"AND": [{"field": "status", "operator": "eq", "value": "ready"}]}},
        "field_map": {"title": [passthrough]},
    }
    return {"collection_name": "c", "source": source, "features": ["f"]}


def test_a_request_dict_sends_what_the_equivalent_model_sends(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    api = mixpeek.CollectionsApi(api_client)
    recording_server.respond(body=COLLECTION)
    recording_server.respond(body=COLLECTION)
    api.create_collection(_request())
    api.create_collection(mixpeek.CreateCollectionRequest.from_dict(dict(_request())))
    from_dict, from_model = (request.json() for request in recording_server.requests)
    assert from_dict == from_model
    assert from_dict["source"]["source_filters"] == {
        "filters": {"AND": [{"field": "status", "operator": "eq", "value": "ready"}]}
    }
    assert from_dict["source"]["bucket_ids"] == ["bkt_1"]


def test_a_model_inside_a_request_dict_is_taken_as_it_is(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    recording_server.respond(body=COLLECTION)
    source = mixpeek.SourceConfigInput(type=mixpeek.SourceType.COLLECTION, collection_id="col_0")
    mixpeek.CollectionsApi(api_client).create_collection({"collection_name": "c", "source": source})
    assert recording_server.last_request.json() == {
        "collection_name": "c",
        "source": {"type": "collection", "collection_id": "col_0"},
    }


def test_a_request_dict_of_the_wrong_shape_is_refused_before_sending(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    api = mixpeek.CollectionsApi(api_client)
    with pytest.raises(ApiValueError, match="bucket_ids"):
        api.create_collection({"collection_name": "c", "source": {"type": "bucket", "bucket_ids": [1]}})  # type: ignore[arg-type]
    with pytest.raises(RequestValidationError, match="featurs"):
        api.create_collection({"collection_name": "c", "source": {"type": "bucket"}, "featurs": []})  # type: ignore[arg-type]
    assert recording_server.requests == []


def test_every_request_dict_name_is_a_plain_dict_at_run_time() -> None:
    value = CreateCollectionRequestParam(collection_name="c", source={"type": "bucket"})
    assert type(value) is dict
    assert value == {"collection_name": "c", "source": {"type": "bucket"}}
