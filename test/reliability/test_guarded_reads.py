"""The guarded reader touches the socket's timeout only for a read that could outlast the attempt's deadline.

Changing a socket's timeout is a system call that releases the GIL; doing it twice on every read of every
answer cost threads sharing a client a tenth of their throughput. These tests pin down when it happens, on a
real socket pair: never for an ordinary answer, always once the deadline is nearer than a read timeout.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import List, Optional

import pytest

from mixpeek._runtime.guarded import DEADLINE_SLACK, AttemptBounds, GuardedReader


class _TimeoutLog(socket.socket):
    """A socket that notes every timeout set on it."""

    timeouts: List[Optional[float]]

    def settimeout(self, value: Optional[float]) -> None:
        self.timeouts.append(value)
        super().settimeout(value)


@pytest.fixture
def pair() -> Iterator[tuple[_TimeoutLog, socket.socket]]:
    ours, peer = socket.socketpair()
    logged = _TimeoutLog(ours.family, ours.type, fileno=ours.detach())
    logged.timeouts = []
    super(_TimeoutLog, logged).settimeout(5.0)  # the read timeout urllib3 would have set
    yield logged, peer
    logged.close()
    peer.close()


def test_an_answer_within_the_read_timeout_leaves_the_socket_timeout_alone(
    pair: tuple[_TimeoutLog, socket.socket],
) -> None:
    ours, peer = pair
    reader = GuardedReader(ours, AttemptBounds(answer_seconds=5.0, call_deadline=float("inf"), limit=None))
    peer.sendall(b"HTTP/1.1 200 OK\r\n")
    buffer = bytearray(64)
    assert reader.readinto(buffer) == len(b"HTTP/1.1 200 OK\r\n")
    assert ours.timeouts == []
    assert reader.received == 17


def test_a_nearer_call_deadline_lowers_the_timeout_of_the_read_and_restores_it(
    pair: tuple[_TimeoutLog, socket.socket],
) -> None:
    ours, _peer = pair
    bounds = AttemptBounds(answer_seconds=5.0, call_deadline=_soon(0.2), limit=None)
    reader = GuardedReader(ours, bounds)
    with pytest.raises(socket.timeout):
        reader.readinto(bytearray(64))  # the peer sends nothing: the read ends at the call's deadline
    lowered, restored = ours.timeouts
    assert lowered is not None and lowered <= 0.2
    assert restored == 5.0


def test_a_deadline_nearer_than_the_read_timeout_by_more_than_the_slack_lowers_it(
    pair: tuple[_TimeoutLog, socket.socket],
) -> None:
    ours, peer = pair
    bounds = AttemptBounds(answer_seconds=5.0 - 2 * DEADLINE_SLACK, call_deadline=float("inf"), limit=None)
    reader = GuardedReader(ours, bounds)
    peer.sendall(b"HTTP/1.1 200 OK\r\n")
    assert reader.readinto(bytearray(64)) == 17
    lowered, restored = ours.timeouts
    assert lowered is not None and 5.0 - 2 * DEADLINE_SLACK - 1 < lowered <= 5.0 - 2 * DEADLINE_SLACK
    assert restored == 5.0


def _soon(seconds: float) -> float:
    return time.monotonic() + seconds
