"""The request-building steps of `_runtime/prepare.py`, each alone, and where their warnings point."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

import mixpeek
from mixpeek._runtime import prepare
from mixpeek._runtime.plan import plan_for
from mixpeek._runtime.scrub import MaskedHeaders
from mixpeek.api_client import ApiClient, UnsentBodyWarning
from mixpeek.exceptions import ApiTypeError, ApiValueError
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordingServer

RETIRING = replace(GET_COLLECTION, name="get_retiring", retired=("old_flag",))


def test_bind_pads_missing_arguments_and_refuses_what_the_operation_does_not_take() -> None:
    plan = plan_for(GET_COLLECTION)
    args, options = prepare.bind(plan, ("c1",), {"_request_timeout": 3})
    assert (list(args), dict(options)) == (["c1"] + [None] * (plan.arity - 1), {"_request_timeout": 3})
    with pytest.raises(ApiTypeError, match="unexpected keyword argument '_nope'"):
        prepare.bind(plan, ("c1",), {"_nope": 1})
    with pytest.raises(ApiValueError, match="required parameter"):
        prepare.bind(plan, (None,), None)


def test_target_encodes_the_path_and_refuses_an_empty_segment() -> None:
    plan = plan_for(GET_COLLECTION)
    assert prepare.target(plan, ("a/b",) + (None,) * (plan.arity - 1)) == "/v1/collections/a%2Fb"
    with pytest.raises(ApiValueError, match="is empty; refusing to send"):
        prepare.target(plan, ("",) + (None,) * (plan.arity - 1))


def test_the_calls_own_credentials_win_and_the_options_headers_come_last() -> None:
    plan = plan_for(GET_COLLECTION)
    headers = MaskedHeaders({"X-Namespace": "ns_default_header"})
    prepare.credential_headers(headers, plan, ("Bearer sk_conf", "ns_conf"), "sk_call", None)
    prepare.caller_headers(headers, {"_headers": {"X-Namespace": "ns_option"}, "_idempotency_key": "k1"})
    assert dict(headers) == {
        "X-Namespace": "ns_option",
        "Authorization": "Bearer sk_call",
        "Idempotency-Key": "k1",
    }


def test_policy_takes_the_calls_max_retries() -> None:
    plan = plan_for(GET_COLLECTION)
    configured = mixpeek.Configuration().retry_policy
    assert prepare.policy(plan, configured, None) is configured
    assert prepare.policy(plan, configured, 0).max_retries == 0
    with pytest.raises(ApiTypeError, match="_max_retries must be an int"):
        prepare.policy(plan, configured, "many")


def test_warnings_point_at_the_line_that_made_the_call(
    api_client: ApiClient, recording_server: RecordingServer
) -> None:
    def generated_method(**options: object) -> object:  # stands in for a generated method over `call`
        return api_client.call(RETIRING, ("c1",), options=options)

    recording_server.respond(200, {"results": [], "pagination": {"total_count": 0}})
    with pytest.warns(UnsentBodyWarning) as unsent:
        unsent_line = _next_line()
        mixpeek.AlertsApi(api_client).list_alerts(list_alerts_request={"limit": 3})
    recording_server.respond(200, {"collection_id": "c1"})
    with pytest.warns(DeprecationWarning) as retired:
        retired_line = _next_line()
        generated_method(old_flag=True)
    assert (unsent[0].filename, unsent[0].lineno) == (__file__, unsent_line)
    assert (retired[0].filename, retired[0].lineno) == (__file__, retired_line)


def _next_line() -> int:
    """The line after the caller's current one."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno + 1
