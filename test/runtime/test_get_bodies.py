"""A GET or HEAD never sends a body: a declared body argument is accepted, not sent, and a warning says so."""

from __future__ import annotations

import warnings
from dataclasses import replace

import pytest

import mixpeek
from mixpeek.api_client import ApiClient, UnsentBodyWarning
from test.runtime.fixtures import CREATE_COLLECTION
from test.support.servers import RecordingServer

#: CREATE_COLLECTION's descriptor with another method: the same declared JSON body, optional (as every GET
#: body of the API is).
_OPTIONAL_BODY = (replace(CREATE_COLLECTION.params[0], required=False),)
LIST_WITH_BODY = replace(CREATE_COLLECTION, name="list_with_body", method="GET", params=_OPTIONAL_BODY)
HEAD_WITH_BODY = replace(CREATE_COLLECTION, name="head_with_body", method="HEAD", params=_OPTIONAL_BODY)


@pytest.mark.parametrize("operation", [LIST_WITH_BODY, HEAD_WITH_BODY], ids=["GET", "HEAD"])
def test_declared_body_is_not_sent(client: ApiClient, recording_server: RecordingServer, operation) -> None:  # type: ignore[no-untyped-def]
    recording_server.respond(200, {"results": []})
    with pytest.warns(UnsentBodyWarning, match=r"CollectionsApi\.\w+_with_body: create_collection_request"):
        client.call_with_http_info(operation, ({"collection_name": "x"},))
    sent = recording_server.last_request
    assert sent.method == operation.method and sent.body == b""
    assert "content-type" not in sent.headers and "content-length" not in sent.headers


def test_no_warning_without_a_body_and_post_still_sends_it(
    client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.call(LIST_WITH_BODY, (None,))
    assert recording_server.last_request.body == b""
    client.call(CREATE_COLLECTION, ({"collection_name": "x"},))
    assert recording_server.last_request.json() == {"collection_name": "x"}


def test_generated_get_with_a_declared_body(api_client: ApiClient, recording_server: RecordingServer) -> None:
    """`AlertsApi.list_alerts` declares a body on GET /v1/alerts: the query is sent, the body is not."""
    recording_server.respond(200, {"results": [], "pagination": {"total_count": 0}})
    with pytest.warns(UnsentBodyWarning, match="AlertsApi.list_alerts: list_alerts_request was not sent"):
        mixpeek.AlertsApi(api_client).list_alerts(limit=3, list_alerts_request={"limit": 3})
    sent = recording_server.last_request
    assert (sent.method, sent.target, sent.body) == ("GET", "/v1/alerts?limit=3", b"")
