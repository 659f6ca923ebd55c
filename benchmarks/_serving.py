"""Serve a stdlib server on a free loopback port in a background thread: the one start/stop scaffold of the
tests and the benchmarks.

Every small server the project runs for itself (the tests' `RecordingServer`, `FaultServer` and proxies,
the benchmarks' canned server, ...) used to repeat the same lines: bind ``127.0.0.1:0``, start
``serve_forever`` in a daemon thread, build ``http://127.0.0.1:<port>``, then ``shutdown()`` and
``server_close()``, and each wrote the same ``__enter__``/``__exit__`` pair around them. `ServerThread` owns
those lines and `StartStop` the pair (``with`` starts, leaving stops); each server keeps only what makes it
different (its handler, its answers, what its `stop` also ends). The local Mixpeek server
(`mixpeek.local`) keeps its own lifecycle, which also closes its storage (the package must not import
the benchmarks).

Why it lives here: the benchmarks run as scripts (``python benchmarks/run.py``), so only this folder and the
installed packages are importable from them, and they must not need pytest. The tests import it as
``benchmarks._serving``, as they already import ``benchmarks._published``. It uses the standard library
only.

    with ServerThread(ThreadingHTTPServer(LOOPBACK_ANY_PORT, MyHandler)) as served:
        urllib3.request("GET", served.url + "/ping")
"""

from __future__ import annotations

import socketserver
import threading
from abc import ABC, abstractmethod
from types import TracebackType
from typing import Generic, Optional, TypeVar

#: The loopback address every project server binds: nothing outside the machine can reach it.
LOOPBACK = "127.0.0.1"
#: Bind to this to get a free port chosen by the system (read it back from `ServerThread.port`).
LOOPBACK_ANY_PORT = (LOOPBACK, 0)
#: Seconds between two checks for a shutdown request in ``serve_forever``: stopping takes at most this.
POLL_INTERVAL = 0.05

ServerT = TypeVar("ServerT", bound=socketserver.BaseServer)
StartedT = TypeVar("StartedT", bound="StartStop")


class StartStop(ABC):
    """The ``with`` lifecycle of a project server, written once: entering calls `start()` and returns what it
    returns (the server itself), leaving calls `stop()`, also when the block raised.

    A subclass implements `start` (returning ``self``) and `stop` (safe to call twice, and before `start`).
    """

    @abstractmethod
    def start(self: StartedT) -> StartedT:
        """Start serving and return this server."""

    @abstractmethod
    def stop(self) -> None:
        """Stop serving and release what `start` took."""

    def __enter__(self: StartedT) -> StartedT:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()


class ServerThread(StartStop, Generic[ServerT]):
    """Run ``server`` (already bound, e.g. to `LOOPBACK_ANY_PORT`) in a daemon thread until `stop()`.

    Use as a context manager (`StartStop`), or call `start()` and `stop()`; both are idempotent, and a
    stopped server is closed for good (make a new one to serve again). `port` and `url` are available as soon
    as the server is bound, before it starts. ``scheme`` only shapes `url` (``"https"`` for a server that
    wraps its sockets in TLS); ``name`` names the thread; ``poll_interval`` bounds how long `stop()` waits
    for the serving loop.
    """

    def __init__(
        self,
        server: ServerT,
        *,
        name: Optional[str] = None,
        scheme: str = "http",
        poll_interval: float = POLL_INTERVAL,
    ) -> None:
        self.server = server
        self._scheme = scheme
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": poll_interval}, name=name, daemon=True
        )
        self._stopped = False

    @property
    def port(self) -> int:
        """The port the server is bound to."""
        return int(self.server.server_address[1])  # type: ignore[index]  # an (host, port) pair for TCP

    @property
    def url(self) -> str:
        """``<scheme>://127.0.0.1:<port>``, without a trailing slash."""
        return f"{self._scheme}://{LOOPBACK}:{self.port}"

    def start(self) -> ServerThread[ServerT]:
        """Start serving (once; later calls do nothing)."""
        if self._stopped:
            raise RuntimeError("this server was stopped and closed; make a new one")
        if not self._thread.is_alive():
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wait for the serving thread and close the listening socket (once)."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread.is_alive():
            self.server.shutdown()  # returns once serve_forever has left its loop
            self._thread.join()
        self.server.server_close()
