"""Errors say what to check (issue 11, item 9): where a call tried to connect, which key a 401 refused and
where it came from (masked), how to set the namespace a call went without."""

from __future__ import annotations

import pytest

from mixpeek._runtime.hints import connect_hint
from mixpeek.exceptions import ApiConnectionError, BadRequestException, UnauthorizedException
from test.conftest import MakeClient
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordingServer, unused_port


def test_a_refused_local_port_names_host_and_port_and_suggests_the_local_server(
    make_client: MakeClient,
) -> None:
    host = f"http://127.0.0.1:{unused_port()}"
    client = make_client(host=host, max_retries=0)
    with pytest.raises(ApiConnectionError) as raised:
        client.call(GET_COLLECTION, ("c1",))
    message = str(raised.value)
    assert f"{host}/" in message and "could not connect" in message
    assert "python -m mixpeek.local" in message and "MIXPEEK_BASE_URL" in message
    assert "sk_" not in message


@pytest.mark.parametrize("host", ["http://localhost:8787", "http://127.0.0.5:1", "http://[::1]:9"])
def test_loopback_hosts_point_at_the_local_server(host: str) -> None:
    assert "python -m mixpeek.local" in connect_hint(host)


def test_other_hosts_point_at_the_configured_host_and_the_network() -> None:
    hint = connect_hint("https://api.example.invalid")
    assert "https://api.example.invalid" in hint and "MIXPEEK_BASE_URL" in hint and "HTTPS_PROXY" in hint
    assert "mixpeek.local" not in hint


def test_a_401_says_which_key_was_sent_and_where_it_came_from(
    make_client: MakeClient, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_server.respond(401, {"error": {"message": "invalid key"}})
    monkeypatch.setenv("MIXPEEK_API_KEY", "sk_from_the_environment_1234")
    client = make_client(api_key=None)
    with pytest.raises(UnauthorizedException) as raised:
        client.call(GET_COLLECTION, ("c1",))
    message = str(raised.value)
    assert "invalid key" in message and "MIXPEEK_API_KEY environment variable" in message
    assert "sk_****" in message and "sk_from_the_environment_1234" not in message
    with pytest.raises(UnauthorizedException, match="the api_key argument"):
        make_client(api_key="sk_given_here_5678").call(GET_COLLECTION, ("c1",))
    with pytest.raises(UnauthorizedException, match="the call's authorization argument"):
        client.call(GET_COLLECTION, ("c1",), "Bearer sk_per_call_9")


def test_an_error_of_a_call_sent_without_a_namespace_says_how_to_set_one(
    make_client: MakeClient, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIXPEEK_NAMESPACE", raising=False)
    recording_server.respond(400, {"error": {"message": "X-Namespace header is required"}})
    with pytest.raises(BadRequestException) as raised:
        make_client(namespace=None).call(GET_COLLECTION, ("c1",))
    assert "namespace=" in str(raised.value) and "MIXPEEK_NAMESPACE" in str(raised.value)
    with pytest.raises(BadRequestException) as with_namespace:
        make_client().call(GET_COLLECTION, ("c1",))  # the namespace was sent: no hint
    assert "MIXPEEK_NAMESPACE" not in str(with_namespace.value)
