"""The published package's module path of the high-level client, kept so its imports keep working.

``from mixpeek._client import Mixpeek``; the client itself lives in `mixpeek.client`. The submodules
``mixpeek._client.client`` and ``mixpeek._client.resources`` load on first access, as attributes too.
"""

from typing import TYPE_CHECKING

from mixpeek._runtime.lazy import install_lazy_exports

__all__ = ["Mixpeek"]

install_lazy_exports(__name__, globals(), {"Mixpeek": "mixpeek.client._client"})

if TYPE_CHECKING:
    from mixpeek.client._client import Mixpeek as Mixpeek
