"""The base class of every generated `*Api` class."""

from __future__ import annotations

import sys
from typing import Any, Optional

from mixpeek._runtime.operation import bind_api
from mixpeek.api_client import ApiClient


class BaseApi:
    """Holds the `ApiClient` that the generated methods call through.

    Without an explicit client, the process-wide default (`ApiClient.get_default()`) is used, as in the
    published package. A subclass names itself as the `api` of the operation descriptors its module declares
    (see `mixpeek._runtime.operation.bind_api`), so error messages say "CollectionsApi.get_collection".
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        module = sys.modules.get(cls.__module__)
        if module is not None:
            bind_api(cls.__name__, vars(module))

    def __init__(self, api_client: Optional[ApiClient] = None) -> None:
        self.api_client = api_client if api_client is not None else ApiClient.get_default()
