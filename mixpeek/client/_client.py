"""The `Mixpeek` client: one object holding the connection pool, the key, the default namespace, and
the resources (``mp.namespaces``, ``mp.retrievers`` ...), each a thin layer over the generated
``*Api`` classes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

from typing_extensions import Unpack

from mixpeek._runtime import deadline
from mixpeek._runtime.closing import Closeable
from mixpeek._runtime.retry import RetryPolicy
from mixpeek._runtime.secret import shown_url
from mixpeek.api_client import ApiClient
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    TransportOptions,
    argument_mapping,
    argument_mappings,
    refuse_unknown_keywords,
    split_options,
)
from mixpeek.client.batches import Batches
from mixpeek.client.blobs import blob_entry
from mixpeek.client.buckets import Buckets
from mixpeek.client.collections import Collections
from mixpeek.client.documents import Documents
from mixpeek.client.errors import MissingApiKeyError
from mixpeek.client.evaluations import Evaluations
from mixpeek.client.namespaces import Namespaces
from mixpeek.client.retrievers import Retrievers
from mixpeek.client.search import DEFAULT_TOP_K, Search
from mixpeek.client.tasks import Tasks
from mixpeek.client.taxonomies import Taxonomies
from mixpeek.client.webhooks import Webhooks
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        MixpeekSearchFields,
    )
    from mixpeek.local.server import LocalServer
    from mixpeek.records import (
        ExecuteRetrieverResponseRecord,
        ObjectResponseRecord,
    )

#: The read timeout of a `Mixpeek` client unless told otherwise (seconds; the published client's default).
DEFAULT_TIMEOUT = 30.0
#: How long a client waits out 429/503 answers that say when to come back, in total per call: long enough
#: for a namespace's vector writer to start (about two minutes). See `RetryPolicy.hinted_retry_budget`.
DEFAULT_RETRY_BUDGET = 180.0
#: The API version prefix that our generated paths carry; a ``base_url`` ending in it is accepted too.
VERSION_PREFIX = "/v1"


#: Every resource of a `Mixpeek` client and what it is for, in one line each (listed in ``help(Mixpeek)``).
RESOURCES = {
    "namespaces": "namespaces (managed or bring-your-own-vectors) and, under .documents, their documents",
    "buckets": "buckets of raw objects and, under .objects and .uploads, their objects and uploads",
    "collections": "collections: feature extractors run over bucket objects",
    "retrievers": "multi-stage search pipelines: their execution (also streamed) and interactions",
    "documents": "documents of a collection: get, list, update, delete",
    "evaluations": "evaluation datasets and evaluations of retrievers",
    "tasks": "background tasks: status, listing, cancellation",
    "batches": "batches of objects that a collection trigger processes",
    "taxonomies": "taxonomies that classify documents",
    "webhooks": "webhooks the API calls on events",
}


def api_host(base_url: str) -> str:
    """The host part of a base URL: ``https://api.mixpeek.com/v1`` and ``https://api.mixpeek.com`` are both
    ``https://api.mixpeek.com`` (the generated paths start with ``/v1``)."""
    host = base_url.rstrip("/")
    return host[: -len(VERSION_PREFIX)] if host.endswith(VERSION_PREFIX) else host


class Mixpeek(Closeable):
    """The high-level Mixpeek client.

    ``Mixpeek(api_key=None, *, namespace=None, base_url=None, timeout=30.0, max_retries=None,
    retry_budget=None, retry_policy=None, local=False, total_timeout=None, max_response_bytes=None,
    proxy=None, trust_env=True)``: the key and namespace default to ``MIXPEEK_API_KEY`` /
    ``MIXPEEK_NAMESPACE``, the host to ``MIXPEEK_BASE_URL`` (else ``https://api.mixpeek.com``); the host may
    be given with or without the ``/v1`` suffix. ``timeout`` is seconds (or a (connect, read) pair);
    ``max_retries`` the retry count of the runtime's policy (2 unless given); ``retry_budget`` the seconds
    of waiting out 429/503 answers that carry a Retry-After hint (180 unless given; 0 turns it off);
    ``retry_policy`` a whole `RetryPolicy` to start from. ``local=True`` starts an in-process local server
    (`mixpeek.local.start`) and points the client at it; `close()` stops it, as does interpreter exit.
    ``total_timeout``, ``max_response_bytes``, ``proxy`` and ``trust_env`` are the `Configuration`'s
    transport settings of the same names (its defaults when not given).

    Every method returns the API's JSON as `Record` dicts and takes the per-call options ``namespace=``,
    ``timeout=``, ``max_retries=`` and ``_headers=``. Every HTTP error is a `MixpeekAPIError` and the
    `ApiException` class of its status. ``mp.api`` is the underlying `ApiClient`, for the generated
    ``*Api`` classes. Use it as a context manager, or call `close()`, to release the connection pool.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        namespace: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, tuple[float, float], None] = DEFAULT_TIMEOUT,
        max_retries: Optional[int] = None,
        retry_budget: Optional[float] = None,
        retry_policy: Optional[RetryPolicy] = None,
        local: bool = False,
        total_timeout: Optional[float] = None,
        max_response_bytes: Optional[int] = None,
        proxy: Optional[str] = None,
        trust_env: bool = True,
    ) -> None:
        self._local_server: Optional[LocalServer] = None
        if local:
            self._local_server, base_url, api_key = _start_local(base_url, api_key)
        # the Configuration reads MIXPEEK_API_KEY / MIXPEEK_NAMESPACE / MIXPEEK_BASE_URL for what is not given
        # the transport settings are the Configuration's (it owns their defaults); None means its default
        configuration = Configuration(
            host=base_url,
            api_key=api_key,
            namespace=namespace,
            timeout=deadline.DEFAULT_TIMEOUT if timeout is None else timeout,  # None: the Configuration's
            total_timeout=total_timeout,
            max_response_bytes=max_response_bytes,
            proxy=proxy,
            trust_env=trust_env,
        )
        if not configuration.access_token:
            raise MissingApiKeyError()
        configuration.host = api_host(configuration.host)
        configuration.retry_policy = _policy(configuration.retry_policy, retry_policy, retry_budget)
        if max_retries is not None:
            configuration.max_retries = max_retries
        self._api_client = ApiClient(configuration)
        core = ClientCore(self._api_client)
        self.namespaces = Namespaces(core)
        self.buckets = Buckets(core)
        self.collections = Collections(core)
        self.retrievers = Retrievers(core)
        self.documents = Documents(core)
        self.evaluations = Evaluations(core)
        self.tasks = Tasks(core)
        self.batches = Batches(core)
        self.taxonomies = Taxonomies(core)
        self.webhooks = Webhooks(core)
        self._core = core
        self._search = Search(core, self.retrievers)

    @property
    def local_server(self) -> Optional[LocalServer]:
        """The in-process local server this client started (``Mixpeek(local=True)``), else None."""
        return self._local_server

    @property
    def api(self) -> ApiClient:
        """The underlying `ApiClient` (same key, host and pool): ``mixpeek.CollectionsApi(mp.api)``."""
        return self._api_client

    @property
    def namespace(self) -> Optional[str]:
        """The default namespace sent as X-Namespace: the configuration's (``mp.api.configuration``), which
        owns it; setting it there changes this and what the next call sends."""
        return self._api_client.configuration.namespace

    @property
    def base_url(self) -> str:
        """The API host this client talks to (without ``/v1``), read from the configuration."""
        return self._api_client.configuration.host

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy every call of this client uses."""
        return self._api_client.configuration.retry_policy

    def search(
        self,
        query: Optional[str] = None,
        *,
        namespace_id: Optional[str] = None,
        queries: Optional[Sequence[Mapping[str, Any]]] = None,
        collection: Optional[str] = None,
        filters: Optional[Mapping[str, Any]] = None,
        limit: int = DEFAULT_TOP_K,
        namespace: Optional[str] = None,
        feature_uri: Optional[str] = None,
        top_k: Optional[int] = None,
        write_token: Optional[str] = None,
        **fields: Unpack[MixpeekSearchFields],
    ) -> ExecuteRetrieverResponseRecord:
        """Search in one call; returns the execution's response (``documents`` ...).

        By vectors when ``queries`` or ``namespace_id`` is given: ``queries=[{"feature_uri": "text_8",
        "vector": [...]}]`` (or ``{"vector_name", "vector"}``, or the stage's own ``{"feature_uri",
        "query": {...}}``), in ``namespace_id`` (default: ``namespace``, then the client's). By text
        otherwise: ``mp.search("red car", collection="products")``, over ``feature_uri`` or the
        collection's primary features. ``limit`` (or ``top_k``) is the number of hits; ``filters`` narrow
        them; ``write_token`` makes the read see an earlier upsert. ``fields`` are per-call options and
        more fields of the request made (`CreateRetrieverRequest` for vectors, `AdhocExecuteRequest` for
        text).
        """
        body, options = split_options(fields, namespace_keywords=False)
        count = top_k if top_k is not None else limit
        if namespace_id is not None or queries is not None:
            options["namespace"] = namespace_id or namespace or options.get("namespace")
            return self._search.by_vectors(
                argument_mappings(queries or [], "queries", caller=self.search),
                top_k=count,
                filters=filters,
                write_token=write_token,
                options=options,
                fields=body,
                caller=self.search,
            )
        if query is None:
            raise ApiValueError(
                "search() needs a text query (search('...', collection='...')) or vectors (queries=[...])"
            )
        options["namespace"] = namespace or options.get("namespace")
        return self._search.by_text(
            query,
            collection=collection,
            feature_uri=feature_uri,
            top_k=count,
            filters=filters,
            write_token=write_token,
            options=options,
            fields=body,
            caller=self.search,
        )

    def index(
        self,
        source: str,
        *,
        collection: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        namespace: Optional[str] = None,
        blob_property: Optional[str] = None,
        blob_type: Optional[str] = None,
        **transport: Unpack[TransportOptions],
    ) -> ObjectResponseRecord:
        """Add the file at ``source`` (an S3/GCS URI or a URL) to the namespace's first bucket, then, when
        ``collection`` is given, trigger that collection to process it. Returns the created object.

        The blob's property and type come from the bucket's schema, as in `Buckets.upload`.
        """
        refuse_unknown_keywords(transport, TransportOptions.__optional_keys__, caller=self.index)
        options = CallOptions(namespace=namespace, **transport)
        # metadata is not a declared field of the (open) object schema, so it goes in a plain dict
        given = argument_mapping(metadata, "metadata", caller=self.index) if metadata else None
        first_page = self.buckets.list(**options)
        buckets = first_page.get("results") or []
        if not buckets:
            raise ApiValueError("index() found no bucket in the namespace; create one with mp.buckets.create")
        bucket_id = str(buckets[0]["bucket_id"])
        blob = blob_entry(
            bucket_id,
            source,
            lambda: self.buckets.get(bucket_id, **options),
            blob_property=blob_property,
            blob_type=blob_type,
        )
        fields: Dict[str, Any] = {"blobs": [blob], "metadata": given}
        created = self.buckets.objects._create(bucket_id, fields, options, caller=self.index)
        if collection:
            self.collections.trigger(collection, **options)
        return created

    def close(self) -> None:
        """Release the connection pool (and stop the local server the client started, if any). The client
        cannot be used afterwards."""
        self._api_client.close()
        if self._local_server is not None:
            self._local_server.stop()

    def __repr__(self) -> str:
        # Never the key, not even part of it.
        return f"Mixpeek(base_url={shown_url(self.base_url)!r}, namespace={self.namespace!r})"


Mixpeek.__doc__ = (
    (Mixpeek.__doc__ or "")
    + "\n    Resources:\n\n"
    + "".join(f"    - ``mp.{name}``: {summary}\n" for name, summary in RESOURCES.items())
)


def _start_local(base_url: Optional[str], api_key: Optional[str]) -> tuple[LocalServer, str, str]:
    """Start an in-process local server for ``Mixpeek(local=True)``: the server, its URL and the key to send
    (the given one, else `LOCAL_API_KEY`; never the environment's, which may be a real key)."""
    if base_url is not None:
        raise ApiValueError("Mixpeek(local=True) serves its own base_url; give one or the other")
    from mixpeek.local.server import LOCAL_API_KEY, start

    server = start()
    return server, server.url, api_key or LOCAL_API_KEY


def _policy(
    configured: RetryPolicy, given: Optional[RetryPolicy], retry_budget: Optional[float]
) -> RetryPolicy:
    """The client's retry policy: the given one (else the configuration's) with the retry budget applied;
    without ``retry_budget``, a given policy keeps its own budget and the default one gets 180 s."""
    policy = given or configured
    if retry_budget is not None:
        return policy.with_hinted_retry_budget(retry_budget)
    return policy if given is not None else policy.with_hinted_retry_budget(DEFAULT_RETRY_BUDGET)
