"""Every mistake in a request body or in a path, query or header parameter raises `RequestValidationError`
before anything is sent, from the generated client and from the high-level one alike: a wrong value type,
a missing required field, a value outside an enum, a misspelt key at any depth. The message is the SDK's
own (operation, parameter, each field path with a short reason, "nothing was sent"), pydantic's error stays
the `__cause__`, and the exception is still the `ApiValueError` / `ApiTypeError` (`ValueError` /
`TypeError`) earlier versions raised.
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


# Parameters: the generated layer and the high-level client reach the same check (`checked_arguments`).
# No high-level method exposes an enum-typed query parameter, so that case goes through the generated API
# bound to the high-level client's own `ApiClient` (`mp.api`), as the docs show for unwrapped operations.

PARAMETER_CASES = {
    "path wrong type": (
        lambda api: mixpeek.CollectionsApi(api).get_collection(123),
        "CollectionsApi.get_collection: collection_identifier=123 (path parameter) is not valid: "
        "expected a string; nothing was sent",
        (("collection_identifier",), "expected a string"),
    ),
    "query wrong type": (
        lambda api: mixpeek.CollectionsApi(api).list_collections(limit="many"),
        "CollectionsApi.list_collections: limit='many' (query parameter) is not valid: "
        "expected an integer; nothing was sent",
        (("limit",), "expected an integer"),
    ),
    "query bad enum": (
        lambda api: mixpeek.NamespaceTemplatesApi(api).list_namespace_templates(scope="galaxy"),
        "NamespaceTemplatesApi.list_namespace_templates: scope='galaxy' (query parameter) is not valid: "
        "expected one of 'system', 'organization', 'user' or 'public'; nothing was sent",
        (("scope",), "expected one of 'system', 'organization', 'user' or 'public'"),
    ),
}


@pytest.mark.parametrize("case", sorted(PARAMETER_CASES))
def test_generated_client_parameter_errors(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient, case: str
) -> None:
    call, message, problem = PARAMETER_CASES[case]
    error = _raised(lambda: call(api_client), recording_server)
    assert str(error) == message
    assert error.errors == [problem]
    assert isinstance(error.__cause__, ValidationError)


HIGH_LEVEL_PARAMETER_CASES: Dict[str, Callable[[Mixpeek], Any]] = {
    "path wrong type": lambda mp: mp.collections.get(123),  # type: ignore[arg-type]
    "query wrong type": lambda mp: mp.collections.list(limit="many"),  # type: ignore[arg-type]
    "query bad enum": lambda mp: mixpeek.NamespaceTemplatesApi(mp.api).list_namespace_templates(
        scope="galaxy"  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("case", sorted(HIGH_LEVEL_PARAMETER_CASES))
def test_high_level_parameter_errors(recording_server: RecordingServer, mp: Mixpeek, case: str) -> None:
    error = _raised(lambda: HIGH_LEVEL_PARAMETER_CASES[case](mp), recording_server)
    _call, message, problem = PARAMETER_CASES[case]
    assert str(error) == message
    assert error.errors == [problem]
    assert isinstance(error.__cause__, ValidationError)


def test_a_refused_header_value_is_not_shown(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    public = mixpeek.PublicRetrieverAPIApi(api_client)
    error = _raised(
        lambda: public.execute_retriever_name("pub", {}, x_public_api_key=["sk_not_for_logs"]),  # type: ignore[arg-type]
        recording_server,
    )
    assert str(error) == (
        "PublicRetrieverAPIApi.execute_retriever_name: x_public_api_key (header parameter) is not valid: "
        "expected a string; nothing was sent"
    )
    assert "sk_not_for_logs" not in str(error)


def test_bounds_and_formats_are_worded_by_the_sdk(
    recording_server: RecordingServer, api_client: mixpeek.ApiClient
) -> None:
    collections = mixpeek.CollectionsApi(api_client)
    assert str(_raised(lambda: collections.list_collections(limit=5000), recording_server)) == (
        "CollectionsApi.list_collections: limit=5000 (query parameter) is not valid: at most 1000; "
        "nothing was sent"
    )
    analytics = mixpeek.AnalyticsApi(api_client)
    late = _raised(lambda: analytics.get_engine_performance_analytics(start_date="soon"), recording_server)
    assert "start_date='soon' (query parameter) is not valid: expected a date-time (ISO 8601" in str(late)
