"""`Record`: JSON objects that are real dicts with attribute access, and the `_as_records` call option."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from mixpeek._runtime.record import Record, loads, wrap
from mixpeek.api_client import ApiClient
from mixpeek.exceptions import ApiDeserializationError, NotFoundException
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordingServer

BODY = {
    "collection_id": "c1",
    "items": [1, 2],
    "results": [{"document_id": "d1", "score": 0.5, "payload": {"tags": ["a"]}}],
    "unknown_to_the_spec": {"x": None},
}


def test_a_record_is_the_plain_dict_it_was_decoded_from() -> None:
    record = loads(json.dumps(BODY))
    assert isinstance(record, dict) and isinstance(record, Record)
    assert record == BODY and dict(record) == BODY
    assert json.loads(json.dumps(record)) == BODY
    assert record.get("missing", 7) == 7
    assert record["results"][:1] == BODY["results"]


def test_nested_objects_and_list_items_read_by_attribute() -> None:
    record = loads(json.dumps(BODY))
    assert record.collection_id == "c1"
    assert record.results[0].document_id == "d1"
    assert record.results[0].payload.tags == ["a"]
    assert record.unknown_to_the_spec.x is None


def test_dict_methods_win_over_fields_of_the_same_name() -> None:
    record = loads(json.dumps(BODY))
    assert callable(record.items)
    assert record["items"] == [1, 2]


def test_missing_attribute_is_attribute_error_naming_the_fields() -> None:
    record = Record(a=1)
    with pytest.raises(AttributeError, match="no field 'b'.*a"):
        _ = record.b
    assert getattr(record, "b", None) is None and not hasattr(record, "b")


def test_writes_by_attribute_and_key_wrap_nested_dicts() -> None:
    record = Record()
    record.nested = {"a": {"b": 1}}
    record["listed"] = [{"c": 2}]
    assert record.nested.a.b == 1 and record.listed[0].c == 2
    del record.nested
    assert "nested" not in record


def test_copy_pickle_and_deepcopy_keep_records() -> None:
    record = wrap({"a": {"b": [{"c": 1}]}})
    for clone in (record.copy(), copy.deepcopy(record), pickle.loads(pickle.dumps(record))):
        assert isinstance(clone, Record) and clone == record
        assert clone.a.b[0].c == 1


def test_dir_lists_the_fields() -> None:
    assert {"collection_id", "results"} <= set(dir(loads(json.dumps(BODY))))


def test_as_records_option_returns_records_not_models(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1", "status": "not-an-enum-value", "extra": {"k": 1}})
    result = client.call(GET_COLLECTION, ("c1",), options={"_as_records": True})
    assert type(result) is Record
    assert result == {"collection_id": "c1", "status": "not-an-enum-value", "extra": {"k": 1}}
    assert result.extra.k == 1


def test_as_records_keeps_error_mapping_and_empty_bodies(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(204, b"")
    assert client.call(GET_COLLECTION, ("c1",), options={"_as_records": True}) is None
    recording_server.respond(404, {"error": {"message": "no such collection"}})
    with pytest.raises(NotFoundException, match="no such collection"):
        client.call(GET_COLLECTION, ("c1",), options={"_as_records": True})
    recording_server.respond(200, b"<html>", content_type="text/html")
    with pytest.raises(ApiDeserializationError):
        client.call(GET_COLLECTION, ("c1",), options={"_as_records": True})
