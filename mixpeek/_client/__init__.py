"""The published package's module path of the high-level client, kept so its imports keep working.

``from mixpeek._client import Mixpeek``; the client itself lives in `mixpeek.client`.
"""

from mixpeek.client._client import Mixpeek

__all__ = ["Mixpeek"]
