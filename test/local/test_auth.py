"""Every request needs `Authorization: Bearer <key>`; refusals are 401s in the API's error shape."""

from __future__ import annotations

import pytest

from mixpeek.api.namespaces_api import NamespacesApi
from mixpeek.exceptions import UnauthorizedException
from mixpeek.local import LocalServer
from test.local.helpers import assert_error_shape, raw, sdk_client


@pytest.mark.parametrize(
    ("api_key", "headers"),
    [
        (None, {}),  # no Authorization header at all
        ("not_a_mixpeek_key", {}),  # keys start with sk_
        (None, {"Authorization": "Basic c2tfeDp5"}),  # wrong scheme
        (None, {"Authorization": "Bearer "}),  # empty key
    ],
)
def test_requests_without_a_valid_key_are_refused(
    local_url: str, api_key: str, headers: dict[str, str]
) -> None:
    status, body = raw(local_url, "GET", "/v1/namespaces", api_key=api_key, headers=headers)
    assert status == 401
    assert_error_shape(body, 401)


def test_refusal_comes_before_routing(local_url: str) -> None:
    status, body = raw(local_url, "GET", "/v1/no-such-thing", api_key=None)
    assert status == 401
    assert_error_shape(body, 401)


def test_any_sk_key_is_accepted_by_default(local_url: str) -> None:
    status, body = raw(local_url, "GET", "/v1/namespaces", api_key="sk_anything")
    assert status == 200
    assert "results" in body


def test_a_configured_key_list_is_the_only_one_accepted() -> None:
    with LocalServer(api_keys=["sk_allowed"]) as server:
        with (
            sdk_client(server.url, api_key="sk_other") as client,
            pytest.raises(UnauthorizedException) as refused,
        ):
            NamespacesApi(client).list_namespaces_get()
        assert refused.value.status == 401
        assert "sk_other" not in str(refused.value)
        with sdk_client(server.url, api_key="sk_allowed") as client:
            assert NamespacesApi(client).list_namespaces_get().total_count == 0
