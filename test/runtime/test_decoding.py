"""Decoding 2xx bodies: the strict one-pass path, and the lenient fallback when the body does not match."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import pytest

from mixpeek._runtime.lenient import build
from mixpeek._runtime.types import TypeResolutionError, register_types, resolve_type
from mixpeek.api_client import ApiClient
from mixpeek.exceptions import ApiDeserializationError
from test.runtime.fixtures import (
    DELETE_COLLECTION,
    GET_COLLECTION,
    Collection,
    CollectionList,
    Image,
    Media,
    Owner,
    Status,
    Text,
    get_media_op,
)
from test.support.servers import RecordingServer


def test_matching_body_is_validated_into_the_model(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(
        200, {"collection_id": "c1", "status": "active", "owner": {"user_id": "u1"}, "async": True}
    )
    result = client.call(GET_COLLECTION, ("c1",))
    assert isinstance(result, Collection)
    assert result.status is Status.ACTIVE
    assert isinstance(result.owner, Owner) and result.owner.user_id == "u1"
    assert result.var_async is True


def test_unknown_fields_are_kept(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1", "new_field": {"x": 1}})
    result = client.call(GET_COLLECTION, ("c1",))
    assert result["new_field"] == {"x": 1}
    assert result.to_dict() == {"collection_id": "c1", "new_field": {"x": 1}}


def test_mismatches_keep_raw_values_and_are_logged(
    client: ApiClient, recording_server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="mixpeek")
    recording_server.respond(
        200,
        {
            "collection_id": "c1",
            "status": "frozen",  # an enum value this SDK does not know
            "document_count": "many",  # the wrong type
            "owner": {"email": "a@b.c"},  # a nested model missing its required field
            "tags": ["a", 2, None],
            "extra": [1, 2],
        },
    )
    result = client.call(GET_COLLECTION, ("c1",))
    assert isinstance(result, Collection)
    fields = vars(result)  # typed as Any: the lenient values do not match the declared types
    assert fields["status"] == "frozen" and not isinstance(fields["status"], Status)
    assert fields["document_count"] == "many"
    owner = fields["owner"]
    assert isinstance(owner, Owner)
    assert vars(owner) == {"user_id": None, "email": "a@b.c"}
    assert fields["tags"] == ["a", 2, None]
    assert result["extra"] == [1, 2]
    logged = caplog.text
    assert "$.status" in logged and "frozen" in logged
    assert "$.document_count" in logged


def test_missing_required_field_reads_as_none(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_name": "no id"})
    result = client.call(GET_COLLECTION, ("c1",))
    assert result.collection_id is None and result.collection_name == "no id"


def test_lists_are_rebuilt_element_by_element() -> None:
    value = {
        "results": [{"collection_id": "ok"}, {"collection_id": "bad", "status": "new"}, "junk"],
        "total": 3,
    }
    result = build(CollectionList, value)
    assert [type(item) for item in result.results] == [Collection, Collection, str]
    assert result.results[1].status == "new"
    assert result.total == 3


def test_unions_pick_the_matching_member() -> None:
    assert isinstance(build(Media, {"kind": "image", "width": 3}), Image)
    assert isinstance(build(Media, {"kind": "text", "content": "hi"}), Text)
    partial = build(Media, {"kind": "image", "width": "wide"})
    assert isinstance(partial, Image) and vars(partial)["width"] == "wide"
    assert build(Optional[Media], None) is None
    assert build(Media, 42) == 42
    assert build(Dict[str, List[int]], {"a": [1, "x"]}) == {"a": [1, "x"]}


def test_declared_container_types(recording_server: RecordingServer, client: ApiClient) -> None:
    recording_server.respond(200, [{"kind": "image", "width": 1}, {"kind": "text", "content": "t"}])
    result = client.call(get_media_op({"200": List[Media]}), ())
    assert [type(item) for item in result] == [Image, Text]
    recording_server.respond(200, {"deleted": True})
    assert client.call(DELETE_COLLECTION, ("c1",)) == {"deleted": True}


def test_empty_body_gives_none(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, b"")
    assert client.call(GET_COLLECTION, ("c1",)) is None
    recording_server.respond(204, None)
    assert client.call(GET_COLLECTION, ("c1",)) is None


def test_none_bytes_and_str_response_types(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(200, b"\x00\x01", content_type="application/octet-stream")
    assert client.call(get_media_op({"200": "bytes"}), ()) == b"\x00\x01"
    recording_server.respond(200, "plain text", content_type="text/plain")
    assert client.call(get_media_op({"200": "str"}), ()) == "plain text"
    assert client.call(get_media_op({"200": Any}), ()) == "plain text"
    recording_server.respond(200, {"ignored": True})
    assert client.call(get_media_op({"200": "None"}), ()) is None


def test_ndjson_body_becomes_a_list(client: ApiClient, recording_server: RecordingServer) -> None:
    recording_server.respond(
        200,
        b'{"kind":"image","width":1}\n\n{"kind":"text","content":"t"}\n',
        content_type="application/x-ndjson",
    )
    result = client.call(get_media_op({"200": List[Media]}), ())
    assert [type(item) for item in result] == [Image, Text]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"<html>oops</html>", "text/html"), (b'{"collection_id": ', "application/json"), (b"\xff\xfe", None)],
)
def test_undecodable_bodies_raise_deserialization_error(
    body: bytes, content_type: str | None, client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, body, content_type=content_type)
    with pytest.raises(ApiDeserializationError) as raised:
        client.call(GET_COLLECTION, ("c1",))
    assert raised.value.status == 200
    assert raised.value.operation == "CollectionsApi.get_collection"
    assert "not valid JSON" in str(raised.value)


def test_type_expressions_resolve_lazily_and_are_cached() -> None:
    register_types(RtCollection=Collection)
    assert resolve_type("List[RtCollection]") == List[Collection]
    assert resolve_type("Dict[str, Any]") == Dict[str, Any]
    assert resolve_type("Optional[RtCollection]") is resolve_type("Optional[RtCollection]")
    assert resolve_type("None") is None
    assert resolve_type(Collection) is Collection
    with pytest.raises(TypeResolutionError, match="NoSuchModelAnywhere"):
        resolve_type("List[NoSuchModelAnywhere]")
