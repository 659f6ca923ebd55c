"""``python -m mixpeek.local``: serve the local Mixpeek API until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from typing import Optional

# One BLAS thread per query: requests are already served by parallel threads, and a multi-threaded
# matrix-vector product is slower than a single-threaded one when the cores are busy (measured 3x at 100k).
# Set before numpy is first imported; an explicit setting in the environment wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
from mixpeek.local.options import Embedder  # noqa: E402 - after the BLAS settings
from mixpeek.local.server import DEFAULT_HOST, CannotListen, LocalServer  # noqa: E402 - after the BLAS settings
from mixpeek.local.storage import DataDirInUse  # noqa: E402 - after the BLAS settings
from mixpeek.local.transport import (  # noqa: E402 - after the BLAS settings
    DEFAULT_IDLE_TIMEOUT_SECONDS,
    DEFAULT_MAX_CONNECTIONS,
)


def parse_arguments(argv: Optional[list[str]] = None) -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(prog="mixpeek-local", description="Serve a local Mixpeek API.")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)")
    parser.add_argument(
        "--port", type=int, default=8787, help="port to bind; 0 picks a free one (default %(default)s)"
    )
    parser.add_argument(
        "--data-dir", help="persist state in a SQLite file in this directory (default: memory)"
    )
    parser.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="SK_KEY",
        help="accept only this key (repeatable; default: any key starting with sk_)",
    )
    parser.add_argument(
        "--read-lag",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="how stale reads without a write token may be (default 0)",
    )
    parser.add_argument(
        "--embedder",
        metavar="MODULE:FUNCTION",
        help="embed text queries of promoted namespaces: FUNCTION(text, inference_service) -> floats",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        dest="allow_hosts",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host is NAME (repeatable; loopback names and --host always are)",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        metavar="N",
        help="connections served at once; more are answered 503 with Retry-After (default %(default)s)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=DEFAULT_IDLE_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help="close a connection silent this long (default %(default)s)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def load_embedder(reference: str) -> Embedder:
    """The callable named by ``package.module:function``; exits with a message when it cannot be loaded."""
    module_name, _, attribute = reference.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise SystemExit(f"mixpeek-local: cannot load embedder {reference!r}: {exc}") from exc
    if not callable(found):
        raise SystemExit(f"mixpeek-local: embedder {reference!r} is not callable")
    embedder: Embedder = found
    return embedder


def main(argv: Optional[list[str]] = None) -> int:
    """Run the server in the foreground; Ctrl-C stops it."""
    arguments = parse_arguments(argv)
    server = LocalServer(
        arguments.host,
        arguments.port,
        api_keys=arguments.api_keys,
        data_dir=arguments.data_dir,
        read_lag_seconds=arguments.read_lag,
        embedder=load_embedder(arguments.embedder) if arguments.embedder else None,
        verbose=arguments.verbose,
        allow_hosts=arguments.allow_hosts,
        max_connections=arguments.max_connections,
        idle_timeout=arguments.idle_timeout,
    )
    storage = f"SQLite in {arguments.data_dir}" if arguments.data_dir else "memory"

    def announce(url: str) -> None:
        print(
            f"mixpeek-local serving on {url} (storage: {storage}); Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )

    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(on_ready=announce)
    except DataDirInUse as exc:
        raise SystemExit(f"mixpeek-local: {exc}") from None
    except CannotListen as exc:
        raise SystemExit(f"mixpeek-local: {exc.strerror}") from None
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
