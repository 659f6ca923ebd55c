"""The base class of every generated `*Api` class.

It sits directly above `mixpeek.api_client` (it needs the process-wide default client) and below the
generated layer, not in `mixpeek._runtime`, whose modules import nothing above themselves (ARCHITECTURE.md,
"Layers").
"""

from __future__ import annotations

from typing import Optional

from mixpeek.api_client import ApiClient


class BaseApi:
    """Holds the `ApiClient` that the generated methods call through.

    Without an explicit client, the process-wide default (`ApiClient.get_default()`) is used, as in the
    published package.
    """

    def __init__(self, api_client: Optional[ApiClient] = None) -> None:
        self.api_client = api_client if api_client is not None else ApiClient.get_default()
