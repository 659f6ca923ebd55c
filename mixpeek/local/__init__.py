"""A local Mixpeek API server: the SDK's main job offline, and the ground its tests stand on.

Run it as a process (``python -m mixpeek.local`` or ``mixpeek-local``; see ``--help``) or in-process::

    import mixpeek
    from mixpeek.local import serve

    with serve() as url:  # a free port on 127.0.0.1, served by a background thread
        configuration = mixpeek.Configuration(host=url, api_key="sk_local")
        ...

    server = mixpeek.local.start()  # runs across notebook cells until server.stop() or interpreter exit
    mp = mixpeek.Mixpeek(api_key="sk_local", base_url=server.url)  # or simply Mixpeek(local=True)

`LocalServer` takes the options (`LocalOptions`): ``api_keys`` (default: any ``sk_`` key),
``data_dir`` (SQLite persistence; default: memory), ``read_lag_seconds`` (default 0), ``embedder``
(``embedder(text, inference_service) -> list[float]`` for text queries of promoted namespaces).

What it emulates, with API 0.82 paths and bodies: namespaces (managed and standalone), standalone documents
(upsert with write tokens and idempotency keys, get), promotion, collections (with their features: their
vector indexes) and their documents, buckets and objects (create, get, list, update, delete), the tasks of
collection triggers (list, get), empty taxonomy and webhook lists, retrievers (CRUD, execution, ad-hoc
execution, ``stream: true`` as server-sent events) with the ``feature_search``, ``attribute_filter``,
``sort_attribute`` and ``sort_relevance`` stages. Vector search is exact (cosine, dot, euclidean). Every
other operation of the spec answers 501 naming it. Requests need
``Authorization: Bearer <key>``; namespace-scoped operations need ``X-Namespace`` (id or name); bodies are
validated with the SDK's own request models (422); errors use the API's ``ErrorResponse`` shape; a write with
an ``Idempotency-Key`` header runs once. Only requests whose ``Host`` is a loopback name or address (or
one given with ``allow_hosts``) are served. Nothing is processed: no feature extractor, no inference service
other than the embedder you pass.

The names below are imported on first use, so importing `mixpeek.local` costs nothing until a server is
needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mixpeek.local.options import Embedder, LocalOptions
    from mixpeek.local.server import LocalServer, build_application, serve, start

_EXPORTS = {
    "Embedder": "mixpeek.local.options",
    "LocalOptions": "mixpeek.local.options",
    "LocalServer": "mixpeek.local.server",
    "build_application": "mixpeek.local.server",
    "serve": "mixpeek.local.server",
    "start": "mixpeek.local.server",
}

__all__ = ["Embedder", "LocalOptions", "LocalServer", "build_application", "serve", "start"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mixpeek.local' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
