"""What code written against the published client relies on, beyond signatures: dict results, errors caught
either way, argument checks as ValueError, the 180 s wait for a busy service, base URLs with /v1, namespace
keywords, per-call options, uploads that read the bucket's schema, and mp.index."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest

from mixpeek._runtime.record import Record
from mixpeek._runtime.retry import RetryPolicy
from mixpeek.client import Mixpeek, MixpeekAPIError, UnsupportedOperationError, UpsertResult
from mixpeek.exceptions import (
    ApiException,
    ApiTimeoutError,
    ApiTypeError,
    NotFoundException,
    ServiceException,
    TooManyRequestsException,
)
from test.conftest import TEST_API_KEY
from test.support.clock import FakeClock
from test.support.servers import RecordingServer

COLLECTION = {"collection_id": "col_1", "collection_name": "films", "source": {"type": "bucket"}}
BUSY = {"error": {"message": "writer starting", "details": {"retry_after_seconds": 30}}}


# -- results are dicts -------------------------------------------------------------------------------------
def test_a_result_is_the_plain_json_as_a_dict_with_attribute_access(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    body = {**COLLECTION, "vector_indexes": [{"name": "v", "dimension": 3}], "metadata": {"team": "rec"}}
    recording_server.respond(200, body)
    result = mp.collections.get("films")
    assert isinstance(result, dict) and isinstance(result, Record)
    assert result == body and json.loads(json.dumps(result)) == body
    assert result.vector_indexes[0].dimension == 3 and result["vector_indexes"][:1] == body["vector_indexes"]
    assert result.metadata.team == "rec" and result.get("missing") is None
    assert pickle.loads(pickle.dumps(result)) == body


def test_the_bulk_upsert_result_is_a_dict_of_the_responses_keys(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(
        200, {"inserted": 1, "document_ids": ["d1"], "write_token": "wt_1", "consistency": "eventual"}
    )
    result = mp.namespaces.documents.upsert(
        namespace_id="vecs", documents=[{"document_id": "d1", "vectors": {}}]
    )
    assert isinstance(result, UpsertResult) and isinstance(result, dict)
    assert result["write_token"] == "wt_1" and result.inserted == 1 and result.batches == 1
    assert json.loads(json.dumps(result)) == {
        "inserted": 1,
        "document_ids": ["d1"],
        "write_token": "wt_1",
        "consistency": "eventual",
    }
    copied = pickle.loads(pickle.dumps(result))
    assert copied == result and copied.batches == 1


# -- errors --------------------------------------------------------------------------------------------------
def test_an_http_error_is_caught_as_mixpeek_api_error_and_as_its_status_family(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(404, {"error": {"message": "no such collection", "type": "NotFoundError"}})
    with pytest.raises(MixpeekAPIError) as caught:
        mp.collections.get("nope")
    error = caught.value
    assert isinstance(error, NotFoundException) and isinstance(error, ApiException)
    assert error.status == 404 and error.detail == {
        "error": {"message": "no such collection", "type": "NotFoundError"}
    }
    assert error.detail.error.message == "no such collection"
    assert error.retryable is False and error.retry_after is None
    assert "no such collection" in str(error) and TEST_API_KEY not in str(error)
    with pytest.raises(NotFoundException):
        mp.collections.get("nope")


def test_the_published_import_paths_give_our_classes() -> None:
    from mixpeek._client import Mixpeek as FromPackage
    from mixpeek._client.client import Mixpeek as FromModule
    from mixpeek._client.client import MixpeekAPIError as PublishedError
    from mixpeek._client.resources import Collections, NamespaceDocuments

    assert FromPackage is FromModule is Mixpeek and PublishedError is MixpeekAPIError
    assert Collections.__module__ == "mixpeek.client.collections" and NamespaceDocuments is not None


def test_a_published_style_error_can_be_built_by_hand() -> None:
    error = MixpeekAPIError(503, {"error": {"details": {"retry_after_seconds": 5}}})
    assert (error.status, error.retryable, error.retry_after) == (503, True, 5.0)
    assert error.detail == {"error": {"details": {"retry_after_seconds": 5}}}


def test_argument_checks_are_value_errors_raised_before_sending(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    for call in (
        lambda: mp.collections.update("films"),
        lambda: mp.collections.create(source={"type": "bucket"}),
        lambda: mp.collections.clone("films"),
        lambda: mp.namespaces.clone("ns_1"),
        lambda: mp.retrievers.create(stages=[]),
        lambda: mp.retrievers.clone("ret_1"),
        lambda: mp.buckets.create(bucket_schema={}),
        lambda: mp.evaluations.run("ret_1"),
        lambda: mp.retrievers.run_evaluation("ret_1"),
        lambda: mp.retrievers.create_interaction(interaction_type=["click"]),
        lambda: mp.documents.update("col_1", "doc_1"),
    ):
        with pytest.raises(ValueError):
            call()
    assert recording_server.requests == []


def test_unknown_keywords_are_refused_naming_the_field_and_the_fields_that_exist(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiTypeError, match="'settings'.*its fields are: .*inputs"):
        mp.retrievers.execute("ret_1", inputs={"q": "x"}, settings={"a": 1})
    with pytest.raises(ApiTypeError, match="'colour'"):
        mp.collections.trigger("films", colour="red")
    with pytest.raises(ApiTypeError, match="'colour'"):
        mp.namespaces.documents.upsert(namespace_id="vecs", documents=[], colour="red")
    assert recording_server.requests == []


def test_learned_fusion_methods_say_that_api_0_82_has_no_such_operation(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(UnsupportedOperationError, match="learned-fusion/stats") as caught:
        mp.retrievers.get_stats("ret_1")
    assert isinstance(caught.value, MixpeekAPIError) and isinstance(caught.value, NotImplementedError)
    assert caught.value.status == 501
    with pytest.raises(MixpeekAPIError):
        mp.retrievers.set_rollout("ret_1", rollout_pct=10)
    assert recording_server.requests == []


# -- retries: the 180 s budget -------------------------------------------------------------------------
def test_a_busy_503_is_waited_out_within_the_180_second_budget(
    mp: Mixpeek, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(503, BUSY)
    with pytest.raises(MixpeekAPIError) as caught:
        mp.collections.get("films")
    assert clock.sleeps == [30.0] * 6  # 180 s in all, beyond the policy's 2 retries
    assert len(recording_server.requests) == 7
    assert isinstance(caught.value, ServiceException) and caught.value.retryable
    assert caught.value.retry_after == 30.0


def test_a_busy_429_that_clears_up_returns_the_answer(
    mp: Mixpeek, recording_server: RecordingServer, clock: FakeClock
) -> None:
    for _ in range(4):
        recording_server.enqueue(429, {"error": "slow down"}, headers={"Retry-After": "45"})
    recording_server.enqueue(200, COLLECTION)
    assert mp.collections.get("films") == COLLECTION
    assert clock.sleeps == [30.0] * 4  # a single wait is at most 30 s


def test_without_a_hint_the_count_limit_applies(
    mp: Mixpeek, recording_server: RecordingServer, clock: FakeClock
) -> None:
    recording_server.respond(503, {"error": "down"})
    with pytest.raises(ServiceException):
        mp.collections.get("films")
    assert len(recording_server.requests) == 3  # the first attempt and the policy's 2 retries


def test_the_budget_is_configurable_and_can_be_turned_off(
    recording_server: RecordingServer, clock: FakeClock
) -> None:
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0)
    recording_server.respond(429, BUSY)
    with Mixpeek(TEST_API_KEY, base_url=recording_server.url, retry_policy=policy, retry_budget=60) as mp:
        assert mp.retry_policy.hinted_retry_budget == 60.0
        with pytest.raises(TooManyRequestsException):
            mp.collections.get("films")
    assert clock.sleeps == [30.0, 30.0]
    recording_server.reset()
    recording_server.respond(429, BUSY)
    without_budget = Mixpeek(TEST_API_KEY, base_url=recording_server.url, retry_policy=policy, retry_budget=0)
    with without_budget as mp, pytest.raises(TooManyRequestsException):
        mp.collections.get("films", max_retries=0)
    assert len(recording_server.requests) == 1


def test_the_default_client_waits_180_seconds_and_the_generated_layer_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MIXPEEK_BASE_URL", raising=False)
    with Mixpeek("sk_x") as mp:
        assert mp.retry_policy.hinted_retry_budget == 180.0 and mp.retry_policy.max_hinted_wait == 30.0
    assert RetryPolicy().hinted_retry_budget == 0.0


# -- base URL, namespaces, per-call options -------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
def test_the_base_url_may_carry_v1(suffix: str, recording_server: RecordingServer) -> None:
    recording_server.respond(200, COLLECTION)
    with Mixpeek(TEST_API_KEY, base_url=recording_server.url + suffix) as mp:
        assert mp.base_url == recording_server.url
        mp.collections.get("films")
    assert recording_server.last_request.raw_path == "/v1/collections/films"


def test_the_default_base_url_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIXPEEK_BASE_URL", raising=False)
    with Mixpeek("sk_x") as mp:
        assert mp.base_url == "https://api.mixpeek.com"
    monkeypatch.setenv("MIXPEEK_BASE_URL", "https://api.mixpeek.com/v1")
    with Mixpeek("sk_x") as mp:
        assert mp.base_url == "https://api.mixpeek.com"


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [({"namespace_id": "ns_a"}, "ns_a"), ({"namespace": "ns_b"}, "ns_b"), ({}, "ns_test")],
)
def test_namespace_keywords_choose_the_x_namespace_header_not_the_body(
    keywords: dict[str, Any], expected: str, mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"task_id": "t1"})
    mp.collections.trigger("films", object_ids=["o1"], **keywords)
    request = recording_server.last_request
    assert request.headers["X-Namespace"] == expected
    assert request.json() == {"object_ids": ["o1"]}


def test_per_call_headers_and_retry_count(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, COLLECTION)
    mp.collections.get("films", _headers={"X-Trace": "abc"})
    assert recording_server.last_request.headers["X-Trace"] == "abc"
    recording_server.reset()
    recording_server.respond(503, {"error": "down"})
    with pytest.raises(ServiceException):
        mp.collections.list(max_retries=0)
    assert len(recording_server.requests) == 1


def test_a_per_call_timeout_applies_to_that_call(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, COLLECTION, delay=2.0)
    with pytest.raises(ApiTimeoutError):
        mp.collections.get("films", timeout=0.2, max_retries=0)


# -- uploads and mp.index -----------------------------------------------------------------------------------
BUCKET = {
    "bucket_id": "bkt_1",
    "bucket_schema": {"properties": {"clip": {"type": "video"}, "title": {"type": "string"}}},
}


def test_upload_takes_the_blob_property_and_type_from_the_bucket_schema(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, BUCKET)
    recording_server.enqueue(200, {"object_id": "obj_1"})
    mp.buckets.upload("bkt_1", url="s3://b/x", metadata={"t": 1})
    read, create = recording_server.requests
    assert (read.method, read.raw_path) == ("GET", "/v1/buckets/bkt_1")
    assert create.json() == {
        "blobs": [{"property": "clip", "type": "video", "data": "s3://b/x"}],
        "metadata": {"t": 1},
    }


def test_upload_refuses_a_property_the_schema_does_not_have(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, BUCKET)
    with pytest.raises(ValueError, match="no file property 'audio'.*clip"):
        mp.buckets.upload("bkt_1", url="s3://b/x", blob_property="audio")


def test_index_stores_the_file_in_the_first_bucket_and_triggers_the_collection(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, {"results": [BUCKET]})
    recording_server.enqueue(200, BUCKET)
    recording_server.enqueue(200, {"object_id": "obj_1"})
    recording_server.enqueue(200, {"task_id": "t1"})
    created = mp.index("s3://b/clip.mp4", collection="films", namespace="ns_x")
    assert created == {"object_id": "obj_1"}
    assert [(r.method, r.raw_path) for r in recording_server.requests] == [
        ("POST", "/v1/buckets/list"),
        ("GET", "/v1/buckets/bkt_1"),
        ("POST", "/v1/buckets/bkt_1/objects"),
        ("POST", "/v1/collections/films/trigger"),
    ]
    assert {r.headers["X-Namespace"] for r in recording_server.requests} == {"ns_x"}
    assert recording_server.requests[3].body == b""


def test_errors_while_streaming_or_paginating_are_mixpeek_api_errors_too(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(404, {"error": {"message": "no such retriever"}})
    with pytest.raises(MixpeekAPIError) as streamed:
        list(mp.retrievers.execute("ret_x", {"q": "x"}, stream=True))
    assert isinstance(streamed.value, NotFoundException)
    with pytest.raises(MixpeekAPIError) as paged:
        list(mp.collections.paginate())
    assert (
        isinstance(paged.value, NotFoundException) and paged.value.detail.error.message == "no such retriever"
    )
