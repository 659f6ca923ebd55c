"""Hostile input: values that try to change the route, inject headers, leak the key, or skip TLS checks.

Everything runs through the generated API classes or the high-level `Mixpeek` client against real servers on
127.0.0.1 (TLS with a certificate made at test time; a second server on another port is another origin; a
small forward proxy relays requests and records them).
"""

from __future__ import annotations

import logging
import pickle
import ssl
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import unquote

import pytest

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread
from mixpeek import (
    CollectionDocumentsApi,
    CollectionResponse,
    CollectionsApi,
    Mixpeek,
    PublicRetrieverAPIApi,
    RetrieverExecutionRequest,
)
from mixpeek._runtime.retry import RetryPolicy
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.exceptions import (
    ApiConnectionError,
    ApiDeserializationError,
    ApiException,
    ApiValueError,
    UnauthorizedException,
)
from test.support.clock import FakeClock
from test.support.proxy import ForwardProxy
from test.support.servers import RecordingServer, unused_port

API_KEY = "sk_live_hostile_secret_4f8a2c"
COLLECTION = {"collection_id": "col_1", "collection_name": "sample"}


def _client(host: str, **settings: Any) -> ApiClient:
    clock = FakeClock()
    policy = RetryPolicy(sleep=clock.sleep, wall_clock=clock.time, random=lambda: 0.0)
    return ApiClient(
        Configuration(host=host, api_key=API_KEY, namespace="ns_1", retry_policy=policy, **settings)
    )


# --- path parameters cannot change the route --------------------------------------------------------------
HOSTILE_SEGMENTS = [
    "a/b",
    "../admin",
    "..",
    ".",
    "../../v1/namespaces",
    "%2F",
    "%2e%2e",
    "a?admin=true",
    "a#fragment",
    "a b",
    "a\\..\\b",
    "é/ü",
    "?",
    "#",
    "/",
]


def _only_segment(raw_path: str, prefix: str, suffix: str = "") -> str:
    """The one path segment between `prefix` and `suffix` in the raw path the server received."""
    assert raw_path.startswith(prefix) and raw_path.endswith(suffix), raw_path
    segment = raw_path[len(prefix) : len(raw_path) - len(suffix)]
    assert segment and "/" not in segment and "?" not in segment and "#" not in segment, raw_path
    assert segment not in (".", ".."), raw_path  # dot segments would be resolved by servers and proxies
    return segment


@pytest.mark.parametrize("value", HOSTILE_SEGMENTS)
def test_a_path_parameter_stays_one_segment(value: str, recording_server: RecordingServer) -> None:
    recording_server.respond(200, COLLECTION)
    with _client(recording_server.url) as client:
        CollectionsApi(client).get_collection(value)
        CollectionDocumentsApi(client).delete_document(value, value)
    single, double = recording_server.requests
    assert unquote(_only_segment(single.raw_path, "/v1/collections/")) == value
    assert single.raw_query == ""
    first, _, second = double.raw_path.removeprefix("/v1/collections/").partition("/documents/")
    assert unquote(_only_segment("/" + first, "/")) == value
    assert unquote(_only_segment("/" + second, "/")) == value
    assert double.raw_query == ""


@pytest.mark.parametrize("value", ["../admin", "a/b?c#d"])
def test_the_high_level_client_encodes_path_parameters_too(
    value: str, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, COLLECTION)
    with Mixpeek(api_key=API_KEY, namespace="ns_1", base_url=recording_server.url) as mp:
        mp.collections.get(value)
    request = recording_server.last_request
    assert unquote(_only_segment(request.raw_path, "/v1/collections/")) == value


# --- header injection -------------------------------------------------------------------------------------
def _public_execute(client: ApiClient, header_value: str) -> Any:
    request = RetrieverExecutionRequest.model_validate({})
    return PublicRetrieverAPIApi(client).execute_retriever_name("r", request, x_public_api_key=header_value)


CRLF_CASES: dict[str, Callable[[str], Any]] = {
    "configured API key": lambda url: CollectionsApi(
        ApiClient(Configuration(host=url, api_key="sk_a\r\nX-Evil: 1"))
    ).get_collection("c"),
    "configured namespace": lambda url: CollectionsApi(
        ApiClient(Configuration(host=url, api_key=API_KEY, namespace="ns\nX-Evil: 1"))
    ).get_collection("c"),
    "per-call authorization": lambda url: CollectionsApi(_client(url)).get_collection(
        "c", authorization="Bearer sk_a\r\nX-Evil: 1"
    ),
    "per-call namespace": lambda url: CollectionsApi(_client(url)).get_collection(
        "c", x_namespace="ns\rX-Evil: 1"
    ),
    "write token in _headers": lambda url: CollectionsApi(_client(url)).get_collection(
        "c", _headers={"X-Write-Token": "tok\nX-Evil: 1"}
    ),
    "custom header name": lambda url: CollectionsApi(_client(url)).get_collection(
        "c", _headers={"X-Custom\r\nX-Evil": "1"}
    ),
    "idempotency key": lambda url: CollectionsApi(_client(url)).delete_collection(
        "c", _idempotency_key="k\r\nX-Evil: 1"
    ),
    "header parameter": lambda url: _public_execute(_client(url), "pk\r\nX-Evil: 1"),
    "default header": lambda url: _client(url).set_default_header("X-Team", "a\nX-Evil: 1"),
    "high-level client key": lambda url: Mixpeek(
        api_key="sk_a\nX-Evil: 1", namespace="ns", base_url=url
    ).collections.get("c"),
    "high-level client namespace": lambda url: Mixpeek(
        api_key=API_KEY, namespace="ns\r\nX-Evil: 1", base_url=url
    ).collections.get("c"),
}


@pytest.mark.parametrize("case", sorted(CRLF_CASES))
def test_line_breaks_in_headers_are_refused_before_sending(
    case: str, recording_server: RecordingServer
) -> None:
    with pytest.raises(ApiValueError) as refused:
        CRLF_CASES[case](recording_server.url)
    assert "X-Evil: 1" not in str(refused.value)  # the message names the header, never its value
    assert recording_server.requests == []


# --- the key never shows ----------------------------------------------------------------------------------
def test_the_key_never_shows_anywhere_over_a_failing_retrying_call(
    recording_server: RecordingServer, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: the SDK's and urllib3's
    echo = {"error": {"message": f"key {API_KEY} is revoked", "key": API_KEY}}
    recording_server.enqueue(503, echo)
    recording_server.enqueue(503, echo)
    recording_server.enqueue(401, echo)
    client = _client(recording_server.url, debug=True)
    try:
        with pytest.raises(UnauthorizedException) as raised:
            CollectionsApi(client).get_collection("c1")
    finally:
        client.configuration.debug = False
    error = raised.value
    assert error.attempts == 3 and len(recording_server.requests) == 3
    assert all(r.headers["Authorization"] == f"Bearer {API_KEY}" for r in recording_server.requests)
    mp = Mixpeek(api_key=API_KEY, namespace="ns_1", base_url=recording_server.url)
    shown = {
        "message": str(error),
        "repr": repr(error),
        "body": error.body or "",
        "data": repr(error.data),
        "args": repr(error.args),
        "log records": caplog.text,
        "debug output": capsys.readouterr().err,
        "Configuration": repr(client.configuration) + str(client.configuration),
        "ApiClient": repr(client),
        "Mixpeek": repr(mp) + str(mp),
        "debug report": client.configuration.to_debug_report(),
    }
    assert "attempt 3" in shown["log records"]  # the attempts were logged
    assert {"mixpeek", "urllib3"} <= {record.name.split(".")[0] for record in caplog.records}
    for where, text in shown.items():
        assert API_KEY not in text, where
    for name, value in {"Configuration": client.configuration, "ApiClient": client, "error": error}.items():
        assert API_KEY.encode() not in pickle.dumps(value), name
    assert pickle.loads(pickle.dumps(client.configuration)).access_token is None
    _assert_pickle_refused_or_keyless(mp)
    mp.close()
    client.close()


def test_a_key_echoed_in_response_headers_is_redacted(recording_server: RecordingServer) -> None:
    recording_server.respond(401, {"error": {"message": "revoked"}}, headers={"X-Echo": f"Bearer {API_KEY}"})
    with _client(recording_server.url) as client, pytest.raises(UnauthorizedException) as raised:
        CollectionsApi(client).get_collection("c1")
    assert raised.value.headers is not None and "X-Echo" in raised.value.headers
    assert API_KEY not in repr(raised.value.headers)
    assert API_KEY.encode() not in pickle.dumps(raised.value)


def test_a_key_echoed_in_an_undecodable_answer_is_redacted(recording_server: RecordingServer) -> None:
    recording_server.respond(200, f"<html>key {API_KEY}</html>", headers={"X-Echo": API_KEY})
    with _client(recording_server.url) as client, pytest.raises(ApiDeserializationError) as raised:
        CollectionsApi(client).get_collection("c1")
    error = raised.value
    assert error.body is not None and "[REDACTED]" in error.body
    for shown in (str(error), repr(error), error.body, repr(error.headers)):
        assert API_KEY not in shown
    assert API_KEY.encode() not in pickle.dumps(error)
    assert isinstance(error.__cause__, ValueError)


def _assert_pickle_refused_or_keyless(value: object) -> None:
    try:
        data = pickle.dumps(value)
    except (TypeError, pickle.PicklingError):
        return
    assert API_KEY.encode() not in data


@pytest.mark.parametrize("authorization", [None, f"Bearer {API_KEY}"])
def test_the_key_never_shows_in_connection_errors(
    authorization: Optional[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: the SDK's and urllib3's
    with _client(f"http://127.0.0.1:{unused_port()}") as client, pytest.raises(ApiConnectionError) as raised:
        CollectionsApi(client).get_collection("c1", authorization=authorization)
    assert raised.value.attempts == 3
    assert API_KEY not in str(raised.value) and API_KEY not in repr(raised.value)
    assert API_KEY not in caplog.text and caplog.text
    assert API_KEY.encode() not in pickle.dumps(raised.value)


# --- TLS --------------------------------------------------------------------------------------------------
class _Answer200(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        body = b'{"collection_id": "col_1", "collection_name": "sample"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet."""


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        super().__init__(LOOPBACK_ANY_PORT, _Answer200)

    def get_request(self) -> tuple[Any, Any]:
        connection, address = self.socket.accept()
        return self.context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False), address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: the client rejecting the certificate aborts the handshake on purpose."""


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made now with the openssl command."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_url(certificate: tuple[Path, Path]) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    with ServerThread(_TLSServer(context), scheme="https") as served:
        yield served.url


def test_an_unknown_certificate_is_refused_by_default(tls_url: str) -> None:
    with _client(tls_url) as client, pytest.raises(ApiConnectionError) as raised:
        CollectionsApi(client).get_collection("col_1")
    assert "TLS" in str(raised.value)
    assert raised.value.attempts == 1  # a certificate failure repeats identically: not retried
    assert isinstance(raised.value.__cause__, Exception)


def test_the_certificate_is_accepted_when_trusted(tls_url: str, certificate: tuple[Path, Path]) -> None:
    with _client(tls_url, ssl_ca_cert=str(certificate[0])) as client:
        result = CollectionsApi(client).get_collection("col_1")
    assert isinstance(result, CollectionResponse) and result.collection_id == "col_1"


# --- redirects --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_is_not_followed(status: int, recording_server: RecordingServer) -> None:
    with RecordingServer() as other_origin:
        target = f"{other_origin.url}/v1/collections/col_1"
        recording_server.respond(status, None, headers={"Location": target})
        with _client(recording_server.url) as client, pytest.raises(ApiException) as raised:
            CollectionsApi(client).get_collection("col_1")
        assert other_origin.requests == []
    assert raised.value.status == status
    assert raised.value.headers is not None and raised.value.headers["Location"] == target
    assert len(recording_server.requests) == 1  # a redirect is not a retry


# --- proxies ----------------------------------------------------------------------------------------------
def test_requests_go_through_the_configured_proxy(recording_server: RecordingServer) -> None:
    recording_server.respond(200, COLLECTION)
    proxy = ForwardProxy().start()
    proxy_url = proxy.url
    try:
        with _client(recording_server.url, proxy=proxy_url,
                     proxy_headers={"Proxy-Authorization": "Basic cHJveHk6cHc="}) as client:  # fmt: skip
            result = CollectionsApi(client).get_collection("col/1")
            assert repr(client.configuration).count("cHJveHk6cHc=") == 0
    finally:
        proxy.stop()
    assert isinstance(result, CollectionResponse) and result.collection_id == "col_1"
    [(method, uri, headers)] = proxy.relayed
    assert (method, uri) == ("GET", f"{recording_server.url}/v1/collections/col%2F1")
    assert headers["Proxy-Authorization"] == "Basic cHJveHk6cHc="
    assert headers["Authorization"] == f"Bearer {API_KEY}"
    arrived = recording_server.last_request
    assert arrived.raw_path == "/v1/collections/col%2F1"
    assert arrived.headers["Authorization"] == f"Bearer {API_KEY}"
