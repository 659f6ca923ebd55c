"""The base class of every generated `*Api` class.

It sits directly above `mixpeek.api_client` (it needs the process-wide default client) and below the
generated layer, not in `mixpeek._runtime`, whose modules import nothing above themselves (ARCHITECTURE.md,
"Layers").
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Optional

from mixpeek._runtime.operation import bind_api

if TYPE_CHECKING:
    from mixpeek.api_client import ApiClient


class BaseApi:
    """Holds the `ApiClient` that the generated methods call through.

    Without an explicit client, the process-wide default (`ApiClient.get_default()`) is used, as in the
    published package. The client module is imported here, on the first instance, rather than with the class:
    reaching `mixpeek.CollectionsApi` then costs only its descriptors, not the transport and pydantic. A
    subclass names itself as the `api` of the operation descriptors its module declares (see
    `mixpeek._runtime.operation.bind_api`), so error messages say "CollectionsApi.get_collection".
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        module = sys.modules.get(cls.__module__)
        if module is not None:
            bind_api(cls.__name__, vars(module))

    def __init__(self, api_client: Optional[ApiClient] = None) -> None:
        if api_client is None:
            from mixpeek.api_client import ApiClient

            api_client = ApiClient.get_default()
        self.api_client = api_client
