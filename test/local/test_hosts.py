"""DNS rebinding: the local server answers only requests addressed to a loopback name or address, its own
bind address, or a host allowed with ``allow_hosts`` / ``--allow-host``; any other Host gets a 403."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import mixpeek
from mixpeek.api.namespaces_api import NamespacesApi
from mixpeek.local import LocalServer
from test.local.helpers import TEST_KEY, assert_error_shape, raw
from test.local.wire import address, exchange, statuses
from test.support.proxy import ForwardProxy


def _with_host(url: str, host: str) -> tuple[int, object]:
    return raw(url, "GET", "/v1/namespaces", headers={"Host": host})


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "0.0.0.0:{port}", "localhost.evil.example", "10.0.0.1"]
)
def test_a_foreign_host_is_forbidden(local_url: str, host: str) -> None:
    status, body = _with_host(local_url, host.format(port=address(local_url)[1]))
    assert status == 403
    assert_error_shape(body, 403)
    assert "allow-host" in body["error"]["message"]  # type: ignore[index]


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "localhost.", "[::1]:{port}", "127.0.0.2"]
)
def test_loopback_hosts_are_served(local_url: str, host: str) -> None:
    assert _with_host(local_url, host.format(port=address(local_url)[1]))[0] == 200


def test_a_request_without_host_is_refused(local_url: str) -> None:
    request = b"GET /v1/namespaces HTTP/1.1\r\nAuthorization: Bearer " + TEST_KEY.encode() + b"\r\n\r\n"
    answer, _ = exchange(local_url, request, seconds=2)
    assert statuses(answer) == [400]


def test_allowed_hosts_are_served_and_others_still_forbidden() -> None:
    with LocalServer(allow_hosts=["mixpeek.lan"]) as server:
        assert _with_host(server.url, "mixpeek.lan:8787")[0] == 200
        assert _with_host(server.url, "other.lan")[0] == 403


@pytest.fixture
def forward_proxy() -> Iterator[str]:
    proxy = ForwardProxy().start()
    try:
        yield proxy.url
    finally:
        proxy.stop()


@pytest.mark.parametrize(
    ("name", "through_proxy"),
    [("127.0.0.1", False), ("localhost", False), ("127.0.0.1", True)],  # the proxy relays to 127.0.0.1 only
)
def test_the_sdk_requests_pass(local_url: str, forward_proxy: str, name: str, through_proxy: bool) -> None:
    url = local_url.replace("127.0.0.1", name)
    configuration = mixpeek.Configuration(
        host=url, api_key=TEST_KEY, max_retries=0, proxy=forward_proxy if through_proxy else None
    )
    with mixpeek.ApiClient(configuration) as client:
        assert NamespacesApi(client).list_namespaces_get() is not None
