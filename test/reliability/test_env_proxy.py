"""Proxies from the environment: HTTP_PROXY / HTTPS_PROXY / NO_PROXY, as requests and httpx read them.

On by default (`Configuration(trust_env=False)` turns it off); an explicit `proxy=` wins; NO_PROXY exempts
hosts (exact names, domain suffixes, IP addresses and networks, `*`). Checked with a real forward proxy on
127.0.0.1 that records what it relays.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mixpeek import CollectionsApi
from mixpeek._runtime.envproxy import proxy_for
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from test.support.proxy import ForwardProxy
from test.support.servers import RecordingServer

COLLECTION = {"collection_id": "col_1", "collection_name": "sample"}
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "REQUEST_METHOD")


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    forward = ForwardProxy().start()
    yield forward
    forward.stop()


def _get(url: str, **settings: Any) -> str:
    with ApiClient(Configuration(host=url, api_key="sk_env_proxy", **settings)) as client:
        return str(CollectionsApi(client).get_collection("col_1").collection_id)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_http_proxy_from_the_environment_is_used(
    variable: str, proxy: ForwardProxy, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_server.respond(200, COLLECTION)
    monkeypatch.setenv(variable, proxy.url)
    assert _get(recording_server.url) == "col_1"
    [(method, uri, headers)] = proxy.relayed
    assert (method, uri) == ("GET", f"{recording_server.url}/v1/collections/col_1")
    assert headers["Authorization"] == "Bearer sk_env_proxy"


@pytest.mark.parametrize(
    "no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "*", "127.0.0.0/8", " 10.0.0.1 , 127.0.0.1:{port}"]
)
def test_no_proxy_exempts_hosts(
    no_proxy: str, proxy: ForwardProxy, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_server.respond(200, COLLECTION)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy.format(port=recording_server.port))
    assert _get(recording_server.url) == "col_1"
    assert proxy.relayed == []
    assert len(recording_server.requests) == 1


def test_trust_env_false_ignores_the_environment(
    proxy: ForwardProxy, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_server.respond(200, COLLECTION)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert _get(recording_server.url, trust_env=False) == "col_1"
    assert proxy.relayed == []


def test_an_explicit_proxy_wins_over_the_environment(
    proxy: ForwardProxy, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_server.respond(200, COLLECTION)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _get(recording_server.url, proxy=proxy.url) == "col_1"
    assert len(proxy.relayed) == 1


def test_http_proxy_is_ignored_in_a_cgi_request(
    proxy: ForwardProxy, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under CGI, HTTP_PROXY can come from a client's `Proxy:` header ("httpoxy"): it is not trusted."""
    recording_server.respond(200, COLLECTION)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("REQUEST_METHOD", "GET")
    assert _get(recording_server.url) == "col_1"
    assert proxy.relayed == []


@pytest.mark.parametrize(
    ("url", "environment", "expected"),
    [
        ("https://api.mixpeek.com", {"HTTPS_PROXY": "http://p:3128"}, "http://p:3128"),
        ("https://api.mixpeek.com", {"HTTP_PROXY": "http://p:3128"}, None),
        ("http://api.mixpeek.com", {"HTTPS_PROXY": "http://p:3128"}, None),
        ("https://api.mixpeek.com", {"https_proxy": "http://a:1", "HTTPS_PROXY": "http://b:2"}, "http://a:1"),
        ("https://api.mixpeek.com", {"HTTPS_PROXY": "p:3128"}, "http://p:3128"),
        ("https://api.mixpeek.com", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "mixpeek.com"}, None),
        ("https://api.mixpeek.com", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": ".mixpeek.com"}, None),
        ("https://api.mixpeek.com", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "peek.com"}, "http://p:1"),
        (
            "https://api.mixpeek.com:8443",
            {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "api.mixpeek.com:443"},
            "http://p:1",
        ),
        ("https://[::1]:8443", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "::1"}, None),
        ("https://10.1.2.3", {"HTTPS_PROXY": "http://p:1", "NO_PROXY": "10.0.0.0/8"}, None),
        ("https://api.mixpeek.com", {"HTTPS_PROXY": "", "ALL_PROXY": "http://all:1"}, "http://all:1"),
    ],
)
def test_which_proxy_a_url_gets(url: str, environment: dict[str, str], expected: str | None) -> None:
    assert proxy_for(url, environment) == expected
