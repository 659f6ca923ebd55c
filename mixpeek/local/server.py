"""Starting and stopping the local Mixpeek server: `LocalServer` and the `serve()` context manager."""

from __future__ import annotations

import atexit
import errno
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Callable, Optional

from mixpeek.local.app import Application
from mixpeek.local.catalogue import spec_operations
from mixpeek.local.engine import Engine
from mixpeek.local.options import Embedder, LocalOptions
from mixpeek.local.resources import all_routes
from mixpeek.local.routing import Router
from mixpeek.local.transport import DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_MAX_CONNECTIONS, LocalHTTPServer

DEFAULT_HOST = "127.0.0.1"
#: The key `Mixpeek(local=True)` sends when given none (the local server accepts any ``sk_`` key), so a
#: real key from the environment never goes to a local server.
LOCAL_API_KEY = "sk_local"


#: The error numbers of "address already in use" (POSIX, Windows).
_ADDRESS_IN_USE = frozenset({errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)})


class CannotListen(OSError):
    """The server's address cannot be bound (the port is taken, the host is not this machine's ...).

    An `OSError` with the operating system's error number, whose ``strerror`` is one line saying which
    address and what to do, so the command can print it instead of a traceback.
    """


def cannot_listen(host: str, port: int, error: OSError) -> CannotListen:
    """The `CannotListen` for a failed bind of ``host:port``."""
    if error.errno in _ADDRESS_IN_USE:
        advice = (
            f"port {port} on {host} is already in use (by another mixpeek-local server or another "
            "program); stop it, or give this server another port (--port; 0 picks a free one)"
        )
    else:
        advice = f"cannot listen on {host}:{port}: {error.strerror or error}"
    return CannotListen(error.errno, advice)


def build_application(options: LocalOptions) -> Application:
    """An `Application` with every implemented route and the spec's other operations (501)."""
    return Application(Engine(options), Router(all_routes(), spec_operations()))


class LocalServer:
    """A local Mixpeek API on ``http://host:port`` served by background threads.

    ``port=0`` picks a free port (see `url` after `start()`). Options are those of `LocalOptions`, plus
    the wire's: `max_connections` served at once (one more is answered 503 with Retry-After) and
    `idle_timeout` (seconds a silent connection is kept). `allow_hosts` adds names a request's ``Host``
    may carry besides loopback names and `host` itself (see `mixpeek.local.hosts`).
    Use as a context manager or call `start()` and `stop()`.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = 0,
        *,
        api_keys: Optional[Iterable[str]] = None,
        data_dir: Optional[str] = None,
        read_lag_seconds: float = 0.0,
        embedder: Optional[Embedder] = None,
        vector_backend: str = "auto",
        max_upsert_documents: int = 1000,
        clock: Callable[[], float] = time.monotonic,
        verbose: bool = False,
        allow_hosts: Iterable[str] = (),
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT_SECONDS,
    ) -> None:
        self.options = LocalOptions(
            api_keys=frozenset(api_keys) if api_keys is not None else None,
            data_dir=str(data_dir) if data_dir is not None else None,
            read_lag_seconds=read_lag_seconds,
            embedder=embedder,
            vector_backend=vector_backend,
            max_upsert_documents=max_upsert_documents,
            clock=clock,
            allowed_hosts=frozenset(
                [host, *([allow_hosts] if isinstance(allow_hosts, str) else allow_hosts)]
            ),
        )
        self._address = (host, port)
        self._verbose = verbose
        self._max_connections = max_connections
        self._idle_timeout = idle_timeout
        self._http: Optional[LocalHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    def _bind(self) -> LocalHTTPServer:
        """A new application bound to the address; its storage is closed when the port cannot be bound."""
        application = build_application(self.options)
        try:
            return LocalHTTPServer(
                self._address,
                application,
                verbose=self._verbose,
                max_connections=self._max_connections,
                idle_timeout=self._idle_timeout,
            )
        except OSError as error:
            application.engine.close()
            raise cannot_listen(*self._address, error) from error
        except BaseException:
            application.engine.close()
            raise

    def start(self) -> LocalServer:
        """Bind the port and serve in a daemon thread (no-op when already running)."""
        if self._http is None:
            self._http = self._bind()
            self._thread = threading.Thread(
                target=self._http.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="mixpeek-local",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self, on_ready: Optional[Callable[[str], None]] = None) -> None:
        """Serve in the calling thread until interrupted (what the CLI does); `on_ready` gets the URL."""
        if self._http is not None:
            raise RuntimeError("the local server is already running")
        self._http = self._bind()
        try:
            if on_ready is not None:
                on_ready(self.url)
            self._http.serve_forever(poll_interval=0.2)
        finally:
            self._close()

    def stop(self) -> None:
        """Stop serving, wait for the thread and close the storage."""
        if self._http is not None:
            self._http.shutdown()
            if self._thread is not None:
                self._thread.join()
            self._close()

    def _close(self) -> None:
        if self._http is not None:
            self._http.server_close()
            self._http.application.engine.close()
            self._http = None
            self._thread = None

    @property
    def port(self) -> int:
        """The port being served (after `start()`)."""
        if self._http is None:
            raise RuntimeError("the local server is not running")
        return int(self._http.server_address[1])

    @property
    def engine(self) -> Engine:
        """The running server's state, for tests and tools in the same process (its idempotency log ...)."""
        if self._http is None:
            raise RuntimeError("the local server is not running")
        return self._http.application.engine

    @property
    def url(self) -> str:
        """The base URL to give `mixpeek.Configuration(host=...)`."""
        return f"http://{self._address[0]}:{self.port}"

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()


@contextmanager
def serve(**options: Any) -> Iterator[str]:
    """Run a `LocalServer` for the duration of a ``with`` block and yield its URL.

    Keyword options are `LocalServer`'s (host, port, api_keys, data_dir, read_lag_seconds, embedder,
    vector_backend, max_upsert_documents, verbose, allow_hosts, max_connections, idle_timeout)::

        with mixpeek.local.serve() as url:
            configuration = mixpeek.Configuration(host=url)
    """
    server = LocalServer(**options).start()
    try:
        yield server.url
    finally:
        server.stop()


def start(**options: Any) -> LocalServer:
    """Start a `LocalServer` that runs until `stop()` or until the interpreter exits, and return it.

    Made for notebooks, where a server has to outlive one cell: ``server = mixpeek.local.start()``, then
    ``server.url`` in any later cell. The handle is also a context manager. Keyword options are
    `LocalServer`'s (see `serve`).
    """
    server = LocalServer(**options).start()
    atexit.register(server.stop)
    return server
