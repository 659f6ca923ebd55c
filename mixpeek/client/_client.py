"""The `Mixpeek` client: one object holding the connection pool, the key, the default namespace, and
the resources (``mp.namespaces``, ``mp.retrievers`` ...), each a thin layer over the generated
``*Api`` classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from mixpeek._runtime.closing import Closeable
from mixpeek.api_client import ApiClient
from mixpeek.client._core import ClientCore
from mixpeek.client.buckets import Buckets
from mixpeek.client.collections import Collections
from mixpeek.client.documents import Documents
from mixpeek.client.errors import MissingApiKeyError
from mixpeek.client.namespaces import Namespaces
from mixpeek.client.retrievers import Retrievers
from mixpeek.client.search import DEFAULT_TOP_K, Search
from mixpeek.client.tasks import Tasks
from mixpeek.client.taxonomies import Taxonomies
from mixpeek.client.webhooks import Webhooks
from mixpeek.configuration import Configuration

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mixpeek.models import ExecuteRetrieverResponse


class Mixpeek(Closeable):
    """The high-level Mixpeek client.

    ``Mixpeek(api_key=None, *, namespace=None, base_url=None, timeout=None, max_retries=None)``: the key
    and namespace default to ``MIXPEEK_API_KEY`` / ``MIXPEEK_NAMESPACE``, the host to ``MIXPEEK_BASE_URL``
    (else ``https://api.mixpeek.com``); ``timeout`` (seconds, or a (connect, read) pair) and ``max_retries``
    default to the runtime's (60 s, 2 retries).
    Every call sends the namespace as the X-Namespace header; most methods take ``namespace=`` to use
    another one for that call. ``mp.api`` is the underlying `ApiClient`, for the generated ``*Api`` classes.
    Use it as a context manager, or call `close()`, to release the connection pool.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        namespace: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[None, float, tuple[float, float]] = None,
        max_retries: Optional[int] = None,
    ) -> None:
        # the Configuration reads MIXPEEK_API_KEY / MIXPEEK_NAMESPACE / MIXPEEK_BASE_URL for what is not given
        configuration = Configuration(host=base_url, api_key=api_key, namespace=namespace)
        if not configuration.access_token:
            raise MissingApiKeyError()
        self._namespace = configuration.namespace
        self._base_url = configuration.host
        if timeout is not None:
            configuration.timeout = timeout
        if max_retries is not None:
            configuration.max_retries = max_retries
        self._api_client = ApiClient(configuration)
        core = ClientCore(self._api_client, self._namespace)
        self.namespaces = Namespaces(core)
        self.collections = Collections(core)
        self.documents = Documents(core)
        self.buckets = Buckets(core)
        self.retrievers = Retrievers(core)
        self.taxonomies = Taxonomies(core)
        self.tasks = Tasks(core)
        self.webhooks = Webhooks(core)
        self._search = Search(core, self.retrievers)

    @property
    def api(self) -> ApiClient:
        """The underlying `ApiClient` (same key, host and pool): ``mixpeek.CollectionsApi(mp.api)``."""
        return self._api_client

    @property
    def namespace(self) -> Optional[str]:
        """The default namespace sent as X-Namespace."""
        return self._namespace

    @property
    def base_url(self) -> str:
        """The API host this client talks to."""
        return self._base_url

    def search(
        self,
        *,
        namespace_id: Optional[str] = None,
        queries: Optional[Sequence[Mapping[str, Any]]] = None,
        query: Optional[str] = None,
        collection: Optional[str] = None,
        feature_uri: Optional[str] = None,
        top_k: int = DEFAULT_TOP_K,
        filters: Optional[Mapping[str, Any]] = None,
        write_token: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> ExecuteRetrieverResponse:
        """Search in one call through an ephemeral ``feature_search`` retriever (created, run, deleted).

        Vectors: ``queries=[{"feature_uri": "text_8", "vector": [...], "top_k": 5}, ...]`` in
        ``namespace_id`` (default: the client's namespace). Text: ``query="..."`` with ``collection=``
        (over ``feature_uri``, or the collection's primary features). The retriever is deleted even when
        the execution fails. ``write_token`` makes the read see an earlier upsert.
        """
        return self._search(
            namespace_id=namespace_id,
            queries=queries,
            query=query,
            collection=collection,
            feature_uri=feature_uri,
            top_k=top_k,
            filters=filters,
            write_token=write_token,
            namespace=namespace,
        )

    def close(self) -> None:
        """Release the connection pool. The client cannot be used afterwards."""
        self._api_client.close()

    def __repr__(self) -> str:
        # Never the key, not even part of it.
        return f"Mixpeek(base_url={self._base_url!r}, namespace={self._namespace!r})"
