"""A reverse proxy in front of the local server that refuses chosen upsert batches once: how the tests make
an engine's task fail halfway, so that the engine runs it again.

`FlakyProxy(upstream, fail_once=predicate)` forwards every request to ``upstream`` unchanged, except that
the first request whose ``Idempotency-Key`` satisfies ``predicate`` gets a 503 marked ``retryable: false``
(the SDK does not retry it, so the bulk upsert fails and the task with it). Each key fails at most once.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional

import urllib3

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread, StartStop

REFUSAL = json.dumps(
    {"error": {"message": "injected failure", "type": "InjectedFailure", "retryable": False}}
).encode()


class FlakyProxy(StartStop):
    """A context manager serving on 127.0.0.1; ``url`` is its base URL, ``refused`` the keys it refused."""

    def __init__(self, upstream: str, fail_once: Callable[[str], bool]) -> None:
        self.upstream = upstream.rstrip("/")
        self.fail_once = fail_once
        self.refused: list[str] = []
        self._lock = threading.Lock()
        self._pool = urllib3.PoolManager(maxsize=16)
        self._serving = ServerThread(ThreadingHTTPServer(LOOPBACK_ANY_PORT, self._handler_class()))

    @property
    def url(self) -> str:
        return self._serving.url

    def _should_refuse(self, key: Optional[str]) -> bool:
        if not key or not self.fail_once(key):
            return False
        with self._lock:
            if key in self.refused:
                return False
            self.refused.append(key)
            return True

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy._should_refuse(self.headers.get("Idempotency-Key")):
                    self._answer(503, {"Content-Type": "application/json"}, REFUSAL)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                answer = proxy._pool.request(
                    self.command,
                    proxy.upstream + self.path,
                    body=body or None,
                    headers=headers,
                    retries=False,
                )
                kept = {k: v for k, v in answer.headers.items() if k.lower() == "content-type"}
                self._answer(answer.status, kept, answer.data)

            def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

        return Handler

    def start(self) -> FlakyProxy:
        self._serving.start()
        return self

    def stop(self) -> None:
        self._serving.stop()
        self._pool.clear()
