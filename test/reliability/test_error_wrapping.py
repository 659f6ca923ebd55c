"""Only the SDK's own exceptions reach a caller; the foreign error that caused one stays chained as its cause.

One row per source of foreign exceptions (urllib3 and socket errors while connecting, sending and reading,
JSON errors, pydantic validation errors, a bad host URL, a body cut off while streaming), each provoked for
real through a generated API method.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Callable, Optional

import pytest
from pydantic import ValidationError
from urllib3 import exceptions as u3

from mixpeek import CollectionsApi
from mixpeek._runtime.retry import RetryPolicy
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.exceptions import (
    ApiConnectionError,
    ApiDeserializationError,
    ApiTimeoutError,
    ApiValueError,
    OpenApiException,
    RequestValidationError,
)
from test.reliability.faults import (
    Fault,
    FaultServer,
    answer,
    cut_mid_body,
    reset_after_read,
    slow_answer,
)
from test.reliability.scenarios import COLLECTION
from test.support.clock import FakeClock
from test.support.servers import unused_port

BODY = json.dumps(COLLECTION).encode()


def _get(api: CollectionsApi) -> Any:
    return api.get_collection("col_1", _max_retries=0, _request_timeout=(2.0, 0.5))


def _create_invalid(api: CollectionsApi) -> Any:
    return api.create_collection({"collection_name": 5, "source": "not an object"})  # type: ignore[arg-type]


def _stream_cut(api: CollectionsApi) -> Any:
    with api.get_collection_without_preload_content("col_1", _max_retries=0) as response:
        return response.read()


# (name, the server's fault or None for nothing listening, the call, SDK exception, foreign cause)
ROWS: list[tuple[str, Optional[Fault], Callable[[CollectionsApi], Any], type[OpenApiException], type]] = [
    ("connection refused", None, _get, ApiConnectionError, u3.NewConnectionError),
    ("reset", reset_after_read(), _get, ApiConnectionError, u3.ProtocolError),
    ("read timeout", slow_answer(200, BODY, 2.0), _get, ApiTimeoutError, u3.ReadTimeoutError),
    ("cut mid-body", cut_mid_body(BODY), _get, ApiConnectionError, u3.ProtocolError),
    ("not JSON", answer(200, b"<html>oops</html>"), _get, ApiDeserializationError, json.JSONDecodeError),
    ("invalid request body", None, _create_invalid, RequestValidationError, ValidationError),
    ("cut while streaming", cut_mid_body(BODY), _stream_cut, ApiConnectionError, u3.ProtocolError),
]


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.mark.parametrize(("name", "fault", "call", "raised", "cause"), ROWS, ids=[row[0] for row in ROWS])
def test_foreign_errors_are_wrapped_with_their_cause(
    name: str,
    fault: Optional[Fault],
    call: Callable[[CollectionsApi], Any],
    raised: type[OpenApiException],
    cause: type,
    fault_server: FaultServer,
) -> None:
    if fault is not None:
        fault_server.script(fault)
    refused = fault is None and call is not _create_invalid
    host = f"http://127.0.0.1:{unused_port()}" if refused else fault_server.url
    clock = FakeClock()
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0)
    client = ApiClient(Configuration(host=host, api_key="sk_wrapping", retry_policy=policy))
    with client, pytest.raises(OpenApiException) as caught:
        call(CollectionsApi(client))
    assert type(caught.value) is raised, repr(caught.value)
    assert isinstance(caught.value.__cause__, cause), repr(caught.value.__cause__)
    if call is _create_invalid:
        assert fault_server.arrivals == []  # refused before anything was sent


def test_an_invalid_host_is_a_value_error() -> None:
    client = ApiClient(Configuration(host="ftp://127.0.0.1:21", api_key="sk_wrapping"))
    with client, pytest.raises(ApiValueError, match="invalid host"):
        CollectionsApi(client).get_collection("col_1")
