"""The published package's ``mixpeek._client.client``: ``Mixpeek`` and ``MixpeekAPIError``, re-exported.

Code written against the published client imports them from here (``from mixpeek._client.client import
MixpeekAPIError``); they are the classes of `mixpeek.client`.
"""

from mixpeek.client._client import Mixpeek
from mixpeek.client.errors import MixpeekAPIError

__all__ = ["Mixpeek", "MixpeekAPIError"]
