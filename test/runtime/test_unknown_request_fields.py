"""Request bodies may not carry fields their schema does not declare (unless the schema is open).

A misspelt or outdated field would otherwise be sent and silently ignored by the server, as the user
documentation's `ExecuteRetrieverRequest(query=...)` would be; responses stay lenient.
"""

from __future__ import annotations

import pytest

import mixpeek
from mixpeek.exceptions import RequestValidationError
from test.support.servers import RecordingServer


def test_an_unknown_top_level_field_is_refused_before_sending(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    request = mixpeek.ExecuteRetrieverRequest(query="find relevant documents about AI")
    with pytest.raises(RequestValidationError) as caught:
        mixpeek.RetrieversApi(api_client).execute_retriever("ret_1", request)
    assert "'query'" in str(caught.value) and "inputs" in str(caught.value)
    assert caught.value.errors == [(("query",), "Unknown field")]
    assert recording_server.requests == []


def test_an_unknown_nested_field_in_a_dict_body_is_refused_with_its_path(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    body = {"retriever_name": "r", "stages": [{"stage_name": "s", "config": {}, "top_k": 3}]}
    with pytest.raises(RequestValidationError, match=r"'stages\.0\.top_k'"):
        mixpeek.RetrieversApi(api_client).create_retriever(body)
    assert recording_server.requests == []


def test_an_open_schema_sends_the_extra_fields(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    recording_server.respond(body={"bucket_id": "b"})
    request = mixpeek.CreateObjectRequest(key_prefix="/k", custom_flag=True)
    mixpeek.BucketObjectsApi(api_client).create_object_buckets("b", request)
    assert recording_server.last_request.json() == {"key_prefix": "/k", "custom_flag": True}


def test_responses_keep_unknown_fields(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    recording_server.respond(body={"execution_id": "e", "status": "ok", "brand_new": 1})
    result = mixpeek.RetrieversApi(api_client).execute_retriever("ret_1", mixpeek.ExecuteRetrieverRequest())
    assert result["brand_new"] == 1


def test_nan_never_reaches_the_wire_as_invalid_json(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    from mixpeek._runtime.serialize import json_text
    from mixpeek.exceptions import ApiValueError

    recording_server.respond(body={"execution_id": "e", "status": "ok"})
    request = mixpeek.ExecuteRetrieverRequest(inputs={"threshold": float("nan")})
    mixpeek.RetrieversApi(api_client).execute_retriever("ret_1", request)
    assert recording_server.last_request.json() == {
        "inputs": {"threshold": None}
    }  # a model: pydantic sends null
    with pytest.raises(ApiValueError, match="JSON"):  # a free-form body: refused
        json_text({"threshold": float("inf")})
