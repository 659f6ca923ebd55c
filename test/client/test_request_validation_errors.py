"""Every mistake in a request body raises `RequestValidationError` before anything is sent, from the
generated client and from the high-level one alike: a wrong value type, a missing required field, a value
outside an enum, a misspelt key at any depth. The message is the SDK's own (operation, parameter, each
field path with a short reason, "nothing was sent"), pydantic's error stays the `__cause__`, and the
exception is still the `ApiValueError` / `ApiTypeError` (`ValueError` / `TypeError`) earlier versions raised.
"""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest
from pydantic import ValidationError

import mixpeek
from mixpeek import Mixpeek
from mixpeek.exceptions import ApiTypeError, ApiValueError, RequestValidationError
from test.support.servers import RecordingServer

WRONG_TYPE: Dict[str, Any] = {"type": "bucket", "bucket_ids": "bkt_1"}
BAD_ENUM: Dict[str, Any] = {"type": "bucket_of_water", "bucket_ids": ["bkt_1"]}
MISSPELT_NESTED: Dict[str, Any] = {"type": "bucket", "bukcet_ids": ["bkt_1"]}


def _raised(call: Callable[[], Any], server: RecordingServer) -> RequestValidationError:
    """The error `call` raises; the server must have received nothing."""
    with pytest.raises(RequestValidationError) as caught:
        call()
    assert server.requests == []
    error = caught.value
    assert isinstance(error, ApiValueError) and isinstance(error, ValueError)
    assert isinstance(error, ApiTypeError) and isinstance(error, TypeError)
    message = str(error)
    assert message.endswith("nothing was sent")
    assert "errors.pydantic.dev" not in message and "input_value" not in message
    return error


def _generated(api_client: mixpeek.ApiClient, source: Dict[str, Any]) -> Callable[[], Any]:
    body = {"collection_name": "c", "source": source}
    return lambda: mixpeek.CollectionsApi(api_client).create_collection(body)


def test_generated_client_wrong_type(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    error = _raised(_generated(api_client, WRONG_TYPE), recording_server)
    assert str(error).startswith("CollectionsApi.create_collection: create_collection_request")
    assert "source.bucket_ids: expected a list" in str(error)
    assert error.errors == [(("source", "bucket_ids"), "expected a list")]
    assert isinstance(error.__cause__, ValidationError)


def test_generated_client_missing_field(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    call = lambda: mixpeek.CollectionsApi(api_client).create_collection({"source": {"type": "bucket"}})  # noqa: E731
    error = _raised(call, recording_server)
    assert "collection_name: required, but not given" in str(error)


def test_generated_client_bad_enum(recording_server: RecordingServer, api_client: mixpeek.ApiClient) -> None:
    error = _raised(_generated(api_client, BAD_ENUM), recording_server)
    assert "source.type: expected one of 'bucket', 'collection'" in str(error)


def test_generated_client_misspelt_nested_key_lists_the_nested_fields(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    error = _raised(_generated(api_client, MISSPELT_NESTED), recording_server)
    message = str(error)
    assert "'source.bukcet_ids' (SourceConfigInput's fields: type, bucket_ids," in message
    assert "collection_name" not in message.split("SourceConfigInput's fields:")[1]
    assert error.errors == [(("source", "bukcet_ids"), "Unknown field")]


def test_high_level_wrong_type(recording_server: RecordingServer, mp: Mixpeek) -> None:
    error = _raised(lambda: mp.collections.create(collection_name="c", source=WRONG_TYPE), recording_server)
    assert str(error).startswith("Collections.create: request (CreateCollectionRequest) is not valid")
    assert "source.bucket_ids: expected a list" in str(error)
    assert isinstance(error.__cause__, ValidationError)


def test_high_level_missing_field(recording_server: RecordingServer, mp: Mixpeek) -> None:
    error = _raised(lambda: mp.buckets.create(bucket_name="x"), recording_server)
    assert str(error).startswith("Buckets.create:")
    assert "bucket_schema: required, but not given" in str(error)


def test_high_level_bad_enum(recording_server: RecordingServer, mp: Mixpeek) -> None:
    error = _raised(lambda: mp.collections.create(collection_name="c", source=BAD_ENUM), recording_server)
    assert "source.type: expected one of 'bucket'" in str(error)


def test_high_level_misspelt_keys(recording_server: RecordingServer, mp: Mixpeek) -> None:
    nested = _raised(
        lambda: mp.collections.create(collection_name="c", source=MISSPELT_NESTED), recording_server
    )
    assert "'source.bukcet_ids' (SourceConfigInput's fields: type, bucket_ids," in str(nested)
    top = _raised(
        lambda: mp.collections.create(collection_name="c", source={"type": "bucket"}, colour="red"),  # type: ignore[call-arg]
        recording_server,
    )
    assert "'colour'" in str(top) and "its fields are:" in str(top)
