"""Fork safety: a process forked after the client was used never shares its pooled sockets with the parent.

Gunicorn `--preload`, Celery prefork and `multiprocessing` fork a process whose client already holds a
keep-alive connection. If the child reused it, parent and child would write requests on one socket and read
each other's answers. A real server on 127.0.0.1 echoes a per-request token (and the client's source port,
which names the connection); the parent and four forked children call it at the same time, several rounds.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any

import pytest

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread
from mixpeek import CollectionsApi
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration

CHILDREN = 4
ROUNDS = 3
CALLS = 6  # per process and round
Answer = tuple[str, str, int]  # (token sent, token answered, the connection's source port)


class _EchoHandler(BaseHTTPRequestHandler):
    """Answers a collection whose id is the request's X-Token, and whose name is the client's port."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        token = self.headers.get("X-Token", "")
        time.sleep(0.005)  # keeps requests of several processes in flight together
        body = json.dumps({"collection_id": token, "collection_name": str(self.client_address[1])}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet."""


@pytest.fixture
def echo_url() -> Iterator[str]:
    with ServerThread(ThreadingHTTPServer(LOOPBACK_ANY_PORT, _EchoHandler)) as served:
        yield served.url


def _calls(api: CollectionsApi, who: str) -> list[Answer]:
    answers: list[Answer] = []
    for number in range(CALLS):
        token = f"{who}-{number}"
        result = api.get_collection("c", _headers={"X-Token": token}, _max_retries=0)
        answers.append((token, str(result.collection_id), int(result.collection_name)))
    return answers


def _child(api: CollectionsApi, who: str, start: Any, pipe: Connection) -> None:
    start.wait(10)
    try:
        pipe.send(_calls(api, who))
    except Exception as error:  # reported to the parent, which fails the test with it
        pipe.send(repr(error))
    pipe.close()


def test_forked_children_get_their_own_connections_and_answers(echo_url: str) -> None:
    context = multiprocessing.get_context("fork")
    client = ApiClient(Configuration(host=echo_url, api_key="sk_fork_test_key", timeout=5))
    api = CollectionsApi(client)
    parent_answers = _calls(api, "warm-up")  # the pool now holds a keep-alive connection
    child_answers: list[Answer] = []
    for round_number in range(ROUNDS):
        start = context.Event()
        pipes, processes = [], []
        for index in range(CHILDREN):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_child, args=(api, f"r{round_number}-child{index}", start, sender)
            )
            process.start()
            sender.close()
            pipes.append(receiver)
            processes.append(process)
        start.set()
        parent_answers += _calls(api, f"r{round_number}-parent")
        for receiver, process in zip(pipes, processes):
            received = receiver.recv() if receiver.poll(20) else "no answer from the child"
            process.join(20)
            assert isinstance(received, list), received
            child_answers += received
    client.close()

    crossed = [(sent, got) for sent, got, _ in parent_answers + child_answers if sent != got]
    assert crossed == []
    assert len(child_answers) == ROUNDS * CHILDREN * CALLS
    parent_ports = {port for _, _, port in parent_answers}
    child_ports = {port for _, _, port in child_answers}
    assert parent_ports.isdisjoint(child_ports)  # no connection was used by two processes
