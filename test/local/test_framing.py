"""HTTP/1.1 message framing (RFC 9112, section 6): ambiguous or unsupported framing is refused and the
connection closed, so no byte after a framing error is ever read as a second request (request smuggling)."""

from __future__ import annotations

import pytest

from test.local.wire import exchange, request_head, statuses

LIST = "/v1/namespaces/list"


def _smuggled(url: str) -> bytes:
    """A complete second request, hidden where a lenient parser would read it as the next request."""
    return request_head(url, "GET", "/v1/namespaces")


def test_two_valid_requests_on_one_connection_get_two_answers(local_url: str) -> None:
    """The control: the counting below sees a second request when one is processed."""
    first = request_head(local_url, "POST", LIST, "Content-Length: 2") + b"{}"
    answer, _ = exchange(local_url, first + _smuggled(local_url), seconds=2)
    assert statuses(answer) == [200, 200]


def test_content_length_with_transfer_encoding_is_refused_and_closed(local_url: str) -> None:
    head = request_head(local_url, "POST", LIST, "Content-Length: 5", "Transfer-Encoding: chunked")
    answer, closed = exchange(local_url, head + b"0\r\n\r\n" + _smuggled(local_url))
    assert statuses(answer) == [400]
    assert b"Transfer-Encoding" in answer and closed


@pytest.mark.parametrize("coding", ["gzip", "gzip, chunked", "identity", "chunked, chunked", "deflate"])
def test_transfer_codings_other_than_chunked_are_not_implemented(local_url: str, coding: str) -> None:
    head = request_head(local_url, "POST", LIST, f"Transfer-Encoding: {coding}")
    answer, closed = exchange(local_url, head + b"2\r\n{}\r\n0\r\n\r\n" + _smuggled(local_url))
    assert statuses(answer) == [501]
    assert closed


@pytest.mark.parametrize(
    "lengths",
    [("2", "30"), ("2, 30",), ("+2",), ("-2",), ("2_0",), (" 0x2",), ("２",)],
    ids=["two-headers", "list", "plus", "minus", "underscore", "hex", "fullwidth-digit"],
)
def test_bad_content_lengths_are_refused_and_closed(local_url: str, lengths: tuple[str, ...]) -> None:
    head = request_head(local_url, "POST", LIST, *(f"Content-Length: {value}" for value in lengths))
    answer, closed = exchange(local_url, head + b"{}" + _smuggled(local_url))
    assert statuses(answer) == [400]
    assert closed


def test_identical_duplicate_content_lengths_are_one_length(local_url: str) -> None:
    head = request_head(local_url, "POST", LIST, "Content-Length: 2", "Content-Length: 2")
    answer, _ = exchange(local_url, head + b"{}", seconds=2)
    assert statuses(answer) == [200]


@pytest.mark.parametrize(
    "size", [b"+2", b"0x2", b"2_", b"-0", b""], ids=["plus", "0x", "underscore", "minus", "empty"]
)
def test_bad_chunk_sizes_are_refused_and_closed(local_url: str, size: bytes) -> None:
    head = request_head(local_url, "POST", LIST, "Transfer-Encoding: chunked")
    answer, closed = exchange(local_url, head + size + b"\r\n{}\r\n0\r\n\r\n" + _smuggled(local_url))
    assert statuses(answer) == [400]
    assert closed


def test_chunk_data_must_end_with_a_line_break(local_url: str) -> None:
    head = request_head(local_url, "POST", LIST, "Transfer-Encoding: chunked")
    answer, closed = exchange(local_url, head + b"2\r\n{}XX0\r\n\r\n" + _smuggled(local_url))
    assert statuses(answer) == [400]
    assert closed
