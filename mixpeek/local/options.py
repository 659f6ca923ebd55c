"""The local server's settings, shared by the CLI, `serve()` and `LocalServer`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable, Optional

#: Turns a query text into a vector: called as ``embedder(text, inference_service)`` where
#: `inference_service` is the model name the namespace's promotion mapped the vector index to.
Embedder = Callable[[str, str], Sequence[float]]


@dataclass(frozen=True)
class LocalOptions:
    """What the local server needs to know; every field has a working default.

    api_keys: the only accepted keys; None accepts any key that starts with ``sk_``.
    data_dir: where to persist state in SQLite; None keeps everything in memory.
    read_lag_seconds: how stale a read without a write token may be (0: always current).
    embedder: embeds text queries for promoted namespaces; None answers such queries with a 400.
    vector_backend: "auto" (numpy when importable), "numpy" or "python".
    max_upsert_documents: the most documents one standalone upsert may carry.
    clock: the monotonic clock the read lag is measured with (tests pass a fake one).
    allowed_hosts: names a request's ``Host`` header may carry besides loopback ones (`mixpeek.local.hosts`).
    """

    api_keys: Optional[frozenset[str]] = None
    data_dir: Optional[str] = None
    read_lag_seconds: float = 0.0
    embedder: Optional[Embedder] = None
    vector_backend: str = "auto"
    max_upsert_documents: int = 1000
    clock: Callable[[], float] = time.monotonic
    allowed_hosts: frozenset[str] = frozenset()
