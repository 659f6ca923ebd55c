"""A create or clone method missing its name says why when a misspelt keyword is the likely reason, and
`Namespaces.create` says where a refused value came from when the caller never wrote it. Every case runs
against the recording server, which must receive nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pytest

from mixpeek.client import Mixpeek
from mixpeek.exceptions import ApiValueError, RequestValidationError
from test.support.servers import RecordingServer

SOURCE = {"type": "bucket", "bucket_ids": ["bkt_1"]}


@dataclass(frozen=True)
class Case:
    call: Callable[[Any], object]  # takes the client untyped, so the misspelt keywords reach the runtime
    name: str  # the Class.method the message starts with
    misspelt: str
    field: str  # the name that is missing, which the misspelling stands for


CASES: dict[str, Case] = {
    "collections.create": Case(
        lambda mp: mp.collections.create(colection_name="abc", source=SOURCE),
        "Collections.create",
        "colection_name",
        "collection_name",
    ),
    "collections.clone": Case(
        lambda mp: mp.collections.clone("col_1", {"colection_name": "copy"}),
        "Collections.clone",
        "colection_name",
        "collection_name",
    ),
    "buckets.create": Case(
        lambda mp: mp.buckets.create(bucket_nme="raw", bucket_schema={}),
        "Buckets.create",
        "bucket_nme",
        "bucket_name",
    ),
    "retrievers.create": Case(
        lambda mp: mp.retrievers.create(retriver_name="r", stages=[]),
        "Retrievers.create",
        "retriver_name",
        "retriever_name",
    ),
    "retrievers.clone": Case(
        lambda mp: mp.retrievers.clone("ret_1", retriever_nam="copy"),
        "Retrievers.clone",
        "retriever_nam",
        "retriever_name",
    ),
    "namespaces.clone": Case(
        lambda mp: mp.namespaces.clone("ns_1", namespace_nme="copy"),
        "Namespaces.clone",
        "namespace_nme",
        "namespace_name",
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_missing_name_with_a_misspelt_keyword_names_the_misspelling(
    case: Case, mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        case.call(mp)
    assert recording_server.requests == []
    message = str(caught.value)
    assert message.startswith(f"{case.name}: "), message
    assert f"{case.field}='...'" in message
    assert f"{case.misspelt!r} (did you mean {case.field!r}?)" in message
    assert message.endswith("; nothing was sent")
    assert set(caught.value.errors) == {
        ((case.field,), "required, but not given"),
        ((case.misspelt,), "Unknown field"),
    }


def test_a_missing_name_alone_still_asks_for_it(mp: Mixpeek, recording_server: RecordingServer) -> None:
    with pytest.raises(ApiValueError) as caught:  # a RequestValidationError, still an ApiValueError
        mp.collections.create(source=SOURCE)
    assert (
        str(caught.value)
        == "Collections.create: the collection's name is missing: collection_name='...'; nothing was sent"
    )
    assert recording_server.requests == []


def test_the_name_given_in_a_clone_body_is_the_one_sent(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "col_2"})
    mp.collections.clone("col_1", {"collection_name": "from-body"}, collection_name="from-keyword")
    assert recording_server.requests[0].json()["collection_name"] == "from-keyword"


def test_a_misspelt_namespace_mode_is_refused_before_any_derived_value(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        mp.namespaces.create(
            namespace_id="x5", mode="standalon", vector_configs=[{"name": "v", "dimension": 2}]
        )
    message = str(caught.value)
    assert message.startswith("Namespaces.create: mode 'standalon' (did you mean 'standalone'?)"), message
    assert "namespace_name" not in message
    assert caught.value.errors[0][0] == ("mode",)
    assert recording_server.requests == []


def test_a_refused_namespace_name_taken_from_the_id_says_so(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        mp.namespaces.create(namespace_id="x5", mode="managed")
    message = str(caught.value)
    assert "namespace_name: at least 3 characters" in message
    assert "namespace_name was not given: it was taken from namespace_id='x5'" in message
    assert message.endswith("; nothing was sent")
    assert recording_server.requests == []


def test_a_refused_namespace_name_the_caller_gave_has_no_such_note(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        mp.namespaces.create(namespace_id="films", namespace_name="x5", mode="managed")
    assert "was not given" not in str(caught.value)
    assert recording_server.requests == []


def test_a_mode_unlike_the_known_ones_is_left_to_the_api(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"namespace_id": "ns_1", "namespace_name": "films"})
    mp.namespaces.create(namespace_id="films", mode="hybrid")
    assert recording_server.requests[0].json()["mode"] == "hybrid"
