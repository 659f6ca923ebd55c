"""A call that reaches nothing says where it tried and what to check (issue 11, item 9)."""

from __future__ import annotations

import pytest

from mixpeek.exceptions import ApiConnectionError
from mixpeek.rest import connect_hint
from test.conftest import MakeClient
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import unused_port


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
