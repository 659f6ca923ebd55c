"""Path, query and header parameters are validated against their declared types before anything is sent.

The generated descriptors carry each parameter's type and the schema's constraints (`Param.type`); the
runtime validates in pydantic's lax mode, so a numeric string for an integer is accepted and sent as the
number, while a value the type refuses raises `RequestValidationError` (an `ApiValueError`) naming the call
and the parameter.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable

import pytest

import mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.exceptions import ApiValueError, RequestValidationError
from test.support.servers import RecordingServer


@pytest.fixture
def collections(api_client: ApiClient, recording_server: RecordingServer) -> mixpeek.CollectionsApi:
    recording_server.respond(200, {"results": [], "pagination": {"total_count": 0}})
    return mixpeek.CollectionsApi(api_client)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "expected an integer"),
        (5.5, "expected a whole number"),
        (0, "at least 1"),
        (1001, "at most 1000"),
        ([5], "expected an integer"),
    ],
)
def test_refused_values_name_the_call_and_parameter_and_send_nothing(
    collections: mixpeek.CollectionsApi, recording_server: RecordingServer, value: Any, reason: str
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        collections.list_collections(limit=value)
    message = str(raised.value)
    assert message == (
        f"CollectionsApi.list_collections: limit={value!r} (query parameter) is not valid: {reason}; "
        "nothing was sent"
    )
    assert isinstance(raised.value, ApiValueError) and raised.value.errors == [(("limit",), reason)]
    assert recording_server.requests == []


@pytest.mark.parametrize(("value", "sent"), [(5, "5"), ("5", "5"), (" 7 ", "7"), (5.0, "5"), (1000, "1000")])
def test_lax_values_are_sent_in_their_validated_form(
    collections: mixpeek.CollectionsApi, recording_server: RecordingServer, value: Any, sent: str
) -> None:
    collections.list_collections(limit=value, include_total="true")
    assert recording_server.last_request.query == {"limit": [sent], "include_total": ["true"]}


def test_path_parameters_must_be_strings(api_client: ApiClient, recording_server: RecordingServer) -> None:
    with pytest.raises(
        RequestValidationError,
        match=r"CollectionsApi.get_collection: collection_identifier=123 \(path parameter\) is not valid",
    ):
        mixpeek.CollectionsApi(api_client).get_collection(123)  # type: ignore[arg-type]
    assert recording_server.requests == []


def test_enum_pattern_and_datetime_parameters(
    api_client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {})
    analytics = mixpeek.AnalyticsApi(api_client)
    call: Callable[..., Any] = analytics.get_engine_performance_analytics
    since = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    call(hours="24", start_date=since, end_date="2026-01-03T00:00:00Z", group_by="hour")
    assert recording_server.last_request.query == {
        "hours": ["24"],
        "start_date": ["2026-01-02T03:04:05+00:00"],
        "end_date": ["2026-01-03T00:00:00+00:00"],
        "group_by": ["hour"],
    }
    refused = {
        "group_by": ("fortnight", "expected text matching the pattern ^(minute|hour|day|week|month)$"),
        "start_date": ("yesterday", "expected a date-time (ISO 8601"),
        "hours": (721, "at most 720"),
    }
    for name, (value, reason) in refused.items():
        with pytest.raises(RequestValidationError) as raised:
            call(**{name: value})
        assert str(raised.value).startswith(
            f"AnalyticsApi.get_engine_performance_analytics: {name}={value!r} (query parameter) "
            f"is not valid: {reason}"
        )
    manifest = mixpeek.ManifestApi(api_client)
    manifest.apply_manifest("version: '1.0'\n", mode="create_missing", deadline_seconds=5)
    assert recording_server.last_request.query == {"mode": ["create_missing"], "deadline_seconds": ["5"]}
    refused_mode = r"mode='sometimes' \(query parameter\) is not valid: expected one of"
    with pytest.raises(RequestValidationError, match=refused_mode):
        manifest.apply_manifest("version: '1.0'\n", mode="sometimes")  # type: ignore[arg-type]


def test_a_long_value_is_cut_short_in_the_message(
    collections: mixpeek.CollectionsApi, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        collections.list_collections(limit="9" * 500)
    message = str(raised.value)
    assert message.startswith("CollectionsApi.list_collections: limit='999")
    assert "9" * 100 not in message and "9... (query parameter) is not valid: at most 1000" in message
    assert recording_server.requests == []
