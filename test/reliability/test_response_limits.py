"""Answer size: a limit on what a call reads into memory, and content codings decoded only when asked for.

Memory is measured with `tracemalloc` (peak of Python allocations during the call, the test's servers
included): it must stay within a small multiple of the configured limit, however large the answer claims
or expands to be. Streaming (`*_without_preload_content`) is not limited, by design.
"""

from __future__ import annotations

import gzip
import json
import socketserver
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any, Callable

import pytest

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread
from mixpeek import CollectionsApi
from mixpeek._runtime.limits import DEFAULT_MAX_RESPONSE_BYTES
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiDeserializationError
from test.reliability.scenarios import COLLECTION
from test.support.servers import RecordingServer

LIMIT = 1_000_000
SMALL_MULTIPLE = 4  # peak memory of a refused answer stays under this many limits
API_KEY = "sk_limits_secret_key_1234"


def _client(url: str, limit: int = LIMIT) -> ApiClient:
    return ApiClient(Configuration(host=url, api_key=API_KEY, max_response_bytes=limit, max_retries=0))


def _peak_while(call: Callable[[], Any]) -> tuple[BaseException, int]:
    """The exception `call` raised and the peak traced memory (bytes) while it ran."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        with pytest.raises(ApiDeserializationError) as raised:
            call()
        return raised.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_default_limit_is_generous_and_finite() -> None:
    assert Configuration().max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
    assert 64 * 2**20 <= DEFAULT_MAX_RESPONSE_BYTES <= 2**30


def test_a_body_over_the_limit_is_refused_within_bounded_memory(recording_server: RecordingServer) -> None:
    body = json.dumps({**COLLECTION, "pad": "x" * (12 * LIMIT)}).encode()
    recording_server.respond(200, body)
    with _client(recording_server.url) as client:
        error, peak = _peak_while(lambda: CollectionsApi(client).get_collection("c"))
    assert "max_response_bytes" in str(error) and "1,000,000" in str(error)
    assert peak < SMALL_MULTIPLE * LIMIT + len(body)  # the server's copy of the body is traced too


def test_a_chunked_body_over_the_limit_is_refused(recording_server: RecordingServer) -> None:
    recording_server.respond(200, chunks=[b"[" + b"1," * 200_000] * 10 + [b"1]"])
    with _client(recording_server.url) as client:
        error, _ = _peak_while(lambda: CollectionsApi(client).get_collection("c"))
    assert "max_response_bytes" in str(error)


def test_a_gzip_gzip_bomb_is_refused_within_bounded_memory(recording_server: RecordingServer) -> None:
    """256 MB of zeros compressed twice is a few hundred bytes on the wire; decoding stops at the limit."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * 2**20
    layer = b"".join(inner.compress(zeros) for _ in range(256)) + inner.flush()
    bomb = gzip.compress(layer, 9)
    recording_server.respond(200, bomb, headers={"Content-Encoding": "gzip, gzip"})
    with _client(recording_server.url) as client:
        error, peak = _peak_while(lambda: CollectionsApi(client).get_collection("c"))
    assert "max_response_bytes" in str(error)
    assert peak < SMALL_MULTIPLE * LIMIT


def test_an_asked_for_gzip_answer_is_decoded(recording_server: RecordingServer) -> None:
    recording_server.respond(200, gzip.compress(json.dumps(COLLECTION).encode()),
                             headers={"Content-Encoding": "gzip"})  # fmt: skip
    with _client(recording_server.url) as client:
        assert CollectionsApi(client).get_collection("c").collection_id == "col_1"
    assert "gzip" in recording_server.last_request.headers["Accept-Encoding"]


@pytest.mark.parametrize("coding", ["br", "compress", "gzip, br", "identity, zstd"])
def test_codings_not_asked_for_are_not_decoded(coding: str, recording_server: RecordingServer) -> None:
    recording_server.respond(200, b"\x1f\x8b not really", headers={"Content-Encoding": coding})
    with _client(recording_server.url) as client, pytest.raises(ApiDeserializationError) as raised:
        CollectionsApi(client).get_collection("c")
    assert coding in str(raised.value)


class _LyingHandler(socketserver.BaseRequestHandler):
    """Reads the request, answers a 200 announcing `server.announced` bytes, sends 10, then closes."""

    server: _LyingServer

    def handle(self) -> None:
        self.request.recv(65536)
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {self.server.announced}\r\n\r\n"
        self.request.sendall(head.encode() + b'{"a": "123')


class _LyingServer(socketserver.TCPServer):
    def __init__(self, announced: int) -> None:
        self.announced = announced
        super().__init__(LOOPBACK_ANY_PORT, _LyingHandler)


def _lying_server(announced: int) -> Iterator[str]:
    """Answers every connection, one at a time, with a body `announced` bytes long that ends after 10."""
    with ServerThread(_LyingServer(announced)) as served:
        yield served.url


@pytest.fixture
def lying_url() -> Iterator[str]:
    yield from _lying_server(10 * 2**30)


def test_an_announced_length_over_the_limit_is_refused_before_reading(lying_url: str) -> None:
    """A Content-Length of 10 GiB is refused from the header alone: nothing that size is allocated."""
    with _client(lying_url) as client:
        error, peak = _peak_while(lambda: CollectionsApi(client).get_collection("c"))
    assert "max_response_bytes" in str(error)
    assert peak < SMALL_MULTIPLE * LIMIT


def test_streaming_is_not_limited(recording_server: RecordingServer) -> None:
    body = b"x" * (3 * LIMIT)
    recording_server.respond(200, body, content_type="application/octet-stream")
    client = _client(recording_server.url)
    with client, CollectionsApi(client).get_collection_without_preload_content("c") as response:
        assert sum(len(chunk) for chunk in response.stream(65536)) == len(body)
