"""A user name and password written into a host or proxy URL never appear in an error, a repr or a str.

Such URLs are how some gateways and proxies take credentials; messages and reprs end up in logs and bug
reports. The check runs the real transport against a port nothing listens on (so the error is the SDK's
own connection error) and looks at everything a person would see of it.
"""

from __future__ import annotations

import socket

import pytest

import mixpeek
from mixpeek._runtime.secret import shown_url

PASSWORD = "pw9"  # short on purpose: redaction of known secrets ignores short strings, this must not


def _closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://user:pw9@127.0.0.1:9/v1", "http://****@127.0.0.1:9/v1"),
        ("https://token@api.example", "https://****@api.example"),
        ("https://api.example/a@b", "https://api.example/a@b"),  # an @ in the path is not user information
        ("https://api.example?next=x@y", "https://api.example?next=x@y"),
        ("http://127.0.0.1:9", "http://127.0.0.1:9"),
    ],
)
def test_shown_url_hides_only_the_user_information(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_a_connection_error_from_the_high_level_client_hides_the_password() -> None:
    base_url = f"http://user:{PASSWORD}@127.0.0.1:{_closed_port()}"
    client = mixpeek.Mixpeek(api_key="sk_live_abcdef", base_url=base_url, namespace="ns", max_retries=0)
    with pytest.raises(mixpeek.ApiConnectionError) as caught:
        client.collections.list()
    seen = [str(caught.value), repr(caught.value), repr(client), str(client)]
    assert all(PASSWORD not in text for text in seen), seen
    assert "Collections" in str(caught.value) and "http://****@127.0.0.1" in str(caught.value)


def test_a_connection_error_from_the_generated_layer_hides_the_password() -> None:
    host = f"http://user:{PASSWORD}@127.0.0.1:{_closed_port()}"
    configuration = mixpeek.Configuration(host=host, access_token="sk_live_abcdef", retries=0)
    api = mixpeek.CollectionsApi(mixpeek.ApiClient(configuration))
    with pytest.raises(mixpeek.ApiConnectionError) as caught:
        api.get_collection("col_1")
    seen = [str(caught.value), repr(caught.value), repr(configuration)]
    assert all(PASSWORD not in text for text in seen), seen
    assert "CollectionsApi.get_collection" in str(caught.value)


def test_an_invalid_host_is_refused_without_its_password() -> None:
    configuration = mixpeek.Configuration(host=f"ftp://user:{PASSWORD}@files.example", access_token="sk_x")
    api = mixpeek.CollectionsApi(mixpeek.ApiClient(configuration))
    with pytest.raises(mixpeek.ApiValueError) as caught:
        api.get_collection("col_1")
    assert PASSWORD not in str(caught.value)


def test_a_proxy_password_is_not_in_the_configuration_repr() -> None:
    configuration = mixpeek.Configuration(host="https://api.example", proxy=f"http://me:{PASSWORD}@proxy:3128")
    assert PASSWORD not in repr(configuration) and "http://****@proxy:3128" in repr(configuration)
