"""A local Mixpeek API server: the SDK's main job offline, and the ground its tests stand on.

Run ``python -m mixpeek.local`` (or ``mixpeek-local``), or start one in-process::

    import mixpeek
    from mixpeek.local import serve

    with serve() as url:
        configuration = mixpeek.Configuration(host=url)
        ...

See `LocalServer` for the options (API keys, ``data_dir`` persistence, read lag, text embedder).
"""

from __future__ import annotations

from mixpeek.local.options import Embedder, LocalOptions
from mixpeek.local.server import LocalServer, build_application, serve

__all__ = ["Embedder", "LocalOptions", "LocalServer", "build_application", "serve"]
