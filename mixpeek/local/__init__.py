"""A local Mixpeek API server: the SDK's main job offline, and the ground its tests stand on.

Run ``python -m mixpeek.local`` (or ``mixpeek-local``), or start one in-process::

    import mixpeek
    from mixpeek.local import serve

    with serve() as url:
        configuration = mixpeek.Configuration(host=url)
        ...

See `LocalServer` for the options (API keys, ``data_dir`` persistence, read lag, text embedder). The names
below are imported on first use, so importing `mixpeek.local` costs nothing until a server is needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mixpeek.local.options import Embedder, LocalOptions
    from mixpeek.local.server import LocalServer, build_application, serve

_EXPORTS = {
    "Embedder": "mixpeek.local.options",
    "LocalOptions": "mixpeek.local.options",
    "LocalServer": "mixpeek.local.server",
    "build_application": "mixpeek.local.server",
    "serve": "mixpeek.local.server",
}

__all__ = ["Embedder", "LocalOptions", "LocalServer", "build_application", "serve"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mixpeek.local' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
