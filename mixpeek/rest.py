"""The urllib3 transport: one connection pool per `ApiClient`, and `RESTResponse`, the undecoded response.

urllib3's own retries and redirects are turned off: the SDK's retry policy (`mixpeek._runtime.retry`) is the
only one, and redirects are never followed, so the `Authorization` header can never be forwarded to another
host (a 3xx answer surfaces as an `ApiException` carrying the `Location` header).

`ApiException` and the rest of the exception tree are re-exported here, as in the published package
(`from mixpeek.rest import ApiException`).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, Type, Union

import urllib3
from urllib3 import exceptions as u3

from mixpeek._runtime.closing import Closeable
from mixpeek._runtime.envproxy import basic_auth_header, proxy_for
from mixpeek._runtime.guarded import POOL_CLASSES
from mixpeek._runtime.hints import connect_hint
from mixpeek._runtime.secret import shown_url
from mixpeek._runtime.serialize import check_header_name, check_header_value
from mixpeek.exceptions import (
    ApiAttributeError,
    ApiConnectionError,
    ApiDeserializationError,
    ApiException,
    ApiKeyError,
    ApiTimeoutError,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    ConflictException,
    ForbiddenException,
    MixpeekError,
    NotFoundException,
    OpenApiException,
    ServiceException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)

if TYPE_CHECKING:
    from mixpeek.configuration import Configuration

Body = Union[None, bytes, str]
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")

#: Errors a transport call may raise; anything else is a bug and propagates.
TRANSPORT_ERRORS: Tuple[Type[BaseException], ...] = (
    u3.HTTPError,
    OSError,
    http.client.HTTPException,
    ssl.SSLError,
    socket.timeout,
)


_SOCKS_SCHEMES = frozenset({"socks4", "socks4a", "socks5", "socks5h"})


def is_socks_proxy_url(url: Optional[str]) -> bool:
    """Whether a proxy URL names a SOCKS proxy (socks4, socks4a, socks5, socks5h; any case), as the published
    package's helper of this name tells."""
    if not url:
        return False
    scheme, separator, _ = url.partition("://")
    return bool(separator) and scheme.lower() in _SOCKS_SCHEMES


def _pool_kwargs(configuration: Configuration) -> Dict[str, Any]:
    kwargs: Dict[str, Any] = {
        "num_pools": 10,
        "maxsize": configuration.connection_pool_maxsize,
        "block": False,
        "retries": False,
        "cert_reqs": "CERT_REQUIRED" if configuration.verify_ssl else "CERT_NONE",
    }
    if configuration.ssl_ca_cert:
        kwargs["ca_certs"] = configuration.ssl_ca_cert
    if configuration.ca_cert_data:
        kwargs["ca_cert_data"] = configuration.ca_cert_data
    if configuration.cert_file:
        kwargs["cert_file"] = configuration.cert_file
    if configuration.key_file:
        kwargs["key_file"] = configuration.key_file
    if configuration.assert_hostname is not None:
        kwargs["assert_hostname"] = configuration.assert_hostname
    if configuration.tls_server_name:
        kwargs["server_hostname"] = configuration.tls_server_name
    if configuration.socket_options is not None:
        kwargs["socket_options"] = configuration.socket_options
    return kwargs


class RESTClientObject:
    """Owns the urllib3 pool managers and sends one request per `request` call.

    Each base URL gets its route once: a direct connection pool, or a `ProxyManager` for the configured
    `proxy` or, with `trust_env` (the default), the one the environment gives (`mixpeek._runtime.envproxy`).
    The pools' connections guard every answer (`mixpeek._runtime.guarded`). A process forked after the
    client was used starts over with new pools on its first call, so parent and child never share a pooled
    socket (they would read each other's answers).
    """

    def __init__(self, configuration: Configuration) -> None:
        self._kwargs = _pool_kwargs(configuration)
        self._proxy: Optional[str] = configuration.proxy
        self._proxy_headers = _checked_proxy_headers(configuration.proxy_headers)
        self._trust_env = bool(getattr(configuration, "trust_env", True))
        self._start()

    def _start(self) -> None:
        """Fresh pool managers and routes (at creation, and in a forked child)."""
        self._forks = _forks_seen[0]
        self.pool_manager: urllib3.PoolManager = self._manager(self._proxy)
        self._proxy_managers: Dict[str, urllib3.PoolManager] = {}
        self._origins: Dict[str, Tuple[str, str, Optional[int], str]] = {}
        self._pools: Dict[str, Tuple[Any, Optional[str]]] = {}  # base URL -> its route (see `_route`)

    def _manager(self, proxy: Optional[str]) -> urllib3.PoolManager:
        manager: urllib3.PoolManager
        if proxy:
            headers = dict(self._proxy_headers or {})
            credentials = basic_auth_header(proxy)
            if credentials and not any(name.lower() == "proxy-authorization" for name in headers):
                headers["Proxy-Authorization"] = credentials
            manager = urllib3.ProxyManager(proxy, proxy_headers=headers or None, **self._kwargs)
        else:
            manager = urllib3.PoolManager(**self._kwargs)
        manager.pool_classes_by_scheme = POOL_CLASSES
        return manager

    def _origin(self, base_url: str) -> Tuple[str, str, Optional[int], str]:
        """(scheme, host, port, path prefix) of a base URL, parsed once per distinct URL."""
        origin = self._origins.get(base_url)
        if origin is None:
            parsed = urllib3.util.parse_url(base_url)
            if not parsed.host or parsed.scheme not in ("http", "https"):
                raise ApiValueError(
                    f"invalid host {shown_url(base_url)!r}: expected http(s)://host[:port][/prefix]"
                )
            origin = (parsed.scheme, parsed.host, parsed.port, (parsed.path or "").rstrip("/"))
            self._origins[base_url] = origin
        return origin

    def _proxy_route(self, base_url: str) -> Optional[urllib3.PoolManager]:
        """The proxy manager requests to `base_url` go through, or None for a direct connection."""
        if self._proxy:
            return self.pool_manager
        if not self._trust_env:
            return None
        proxy = proxy_for(base_url, os.environ)
        if proxy is None:
            return None
        manager = self._proxy_managers.get(proxy)
        if manager is None:
            manager = self._proxy_managers[proxy] = self._manager(proxy)
        return manager

    def request(
        self,
        method: str,
        base_url: str,
        target: str,
        headers: Mapping[str, str],
        body: Body,
        timeout: urllib3.Timeout,
        preload_content: bool = True,
    ) -> urllib3.response.BaseHTTPResponse:
        """Send one request to `base_url` + `target` (path and query); raises urllib3/socket errors as is.

        A preloaded answer is read undecoded (the API client undoes its content codings within the size
        limit); a streamed one is decoded by urllib3 as it is read.
        """
        if self._forks != _forks_seen[0]:
            self._start()  # forked: the inherited pools belong to the parent; never touch them
        route = self._pools.get(base_url)
        if route is None or (route[1] is not None and route[0].pool is None):  # new, or its pool was closed
            route = self._route(base_url)
        pool, prefix = route
        if prefix is None:  # through a proxy manager, which takes the absolute URL
            return pool.urlopen(  # type: ignore[no-any-return]
                method,
                base_url + target,
                body=body,
                headers=headers,
                timeout=timeout,
                retries=False,
                redirect=False,
                preload_content=preload_content,
                decode_content=not preload_content,
            )
        return pool.urlopen(  # type: ignore[no-any-return]
            method,
            prefix + target,
            body=body,
            headers=headers,
            timeout=timeout,
            retries=False,
            redirect=False,
            assert_same_host=False,
            preload_content=preload_content,
            decode_content=not preload_content,
        )

    def _route(self, base_url: str) -> Tuple[Any, Optional[str]]:
        """(connection pool, path prefix) for a direct route, (proxy manager, None) for a proxied one."""
        scheme, host, port, prefix = self._origin(base_url)
        manager = self._proxy_route(base_url)
        route: Tuple[Any, Optional[str]] = (
            (manager, None) if manager is not None
            else (self.pool_manager.connection_from_host(host, port, scheme), prefix)
        )  # fmt: skip
        self._pools[base_url] = route
        return route

    def close(self) -> None:
        if self._forks != _forks_seen[0]:
            self._start()  # forked: the inherited pools are the parent's (their locks may even be held)
        self._pools.clear()
        self.pool_manager.clear()
        for manager in self._proxy_managers.values():
            manager.clear()


#: How many times this process is a forked child of the process that imported the SDK (a list, so that
#: the fork hook can change it in place); clients compare it with the value they were started under.
_forks_seen = [0]


def _after_fork_in_child() -> None:
    _forks_seen[0] += 1


if hasattr(os, "register_at_fork"):  # POSIX; elsewhere there is no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _checked_proxy_headers(headers: Optional[Mapping[str, str]]) -> Optional[Dict[str, str]]:
    """`proxy_headers` as a dict, each checked like every other header (`ApiValueError` if HTTP cannot carry
    it: CR, LF or NUL, or characters outside Latin-1)."""
    if not headers:
        return None
    checked: Dict[str, str] = {}
    for name, value in headers.items():
        text = value if isinstance(value, str) else str(value)
        check_header_value(str(name), text, "proxy_headers")
        checked[check_header_name(name)] = text
    return checked


def transport_error(
    exc: BaseException, label: str, method: str, target: str, attempts: int = 1, base_url: str = ""
) -> Tuple[ApiConnectionError, bool, bool]:
    """Map a transport failure to (SDK error, may the server have processed the request, worth retrying).

    Failures while connecting (refused, DNS, connect timeout, proxy) happened before anything was sent;
    failures after that (reset, closed without answer, read timeout) may follow a processed request. TLS
    failures are not worth retrying: they repeat identically. The message names the host and port, and a
    failure to connect says what to check (`connect_hint`).
    """
    where = f"{label} ({method} {shown_url(base_url.rstrip('/'))}{target})"
    if isinstance(exc, u3.NewConnectionError):
        message = f"{where}: could not connect: {_reason(exc)}. {connect_hint(base_url)}"
        return ApiConnectionError(message, operation=label), False, True
    if isinstance(exc, u3.ConnectTimeoutError):
        message = f"{where}: timed out connecting: {_reason(exc)}. {connect_hint(base_url)}"
        return ApiTimeoutError(message, operation=label), False, True
    if isinstance(exc, (u3.ReadTimeoutError, socket.timeout)):
        return ApiTimeoutError(f"{where}: timed out waiting for the answer", operation=label), True, True
    if isinstance(exc, (u3.SSLError, ssl.SSLError)):
        return ApiConnectionError(f"{where}: TLS failure: {_reason(exc)}", operation=label), False, False
    if isinstance(exc, u3.ProxyError):
        return ApiConnectionError(f"{where}: proxy failure: {_reason(exc)}", operation=label), False, True
    if isinstance(exc, u3.LocationValueError):
        return ApiConnectionError(f"{where}: invalid URL: {_reason(exc)}", operation=label), False, False
    return ApiConnectionError(f"{where}: connection failed: {_reason(exc)}", operation=label), True, True


def _reason(exc: BaseException) -> str:
    """The innermost useful description of a transport error."""
    inner: BaseException = exc
    for _ in range(4):
        nested = inner.args[1] if len(inner.args) > 1 and isinstance(inner.args[1], BaseException) else None
        nested = nested or getattr(inner, "reason", None) or inner.__cause__ or inner.__context__
        if not isinstance(nested, BaseException) or nested is inner:
            break
        inner = nested
    text = str(inner) or type(inner).__name__
    return f"{type(inner).__name__}: {text}" if type(inner).__name__ not in text else text


class RESTResponse(Closeable):
    """An HTTP response whose body has not been decoded: for streaming (NDJSON, SSE) and raw access.

    Use as a context manager (or call `close()`), read the body with `read()` / `data`, `stream(chunk_size)`
    or `iter_lines()`. Transport failures while reading raise `ApiConnectionError` / `ApiTimeoutError`.
    """

    def __init__(
        self,
        response: urllib3.response.BaseHTTPResponse,
        operation: str = "",
        prefetched: Optional[bytes] = None,
        *,
        attempts: int = 1,
        secrets: Tuple[Optional[str], ...] = (),
    ) -> None:
        """Wrap `response`; `prefetched` is its body when it was already read (to look for retry hints).

        `attempts` is how many requests the call made; `secrets` are the credentials it sent, redacted from
        the error an error status becomes (`mixpeek.api_client.status_error`); they are never shown.
        """
        self.response = response
        self.status: int = response.status
        self.reason: Optional[str] = response.reason
        self.headers = response.headers
        self.operation = operation
        self.attempts = attempts
        self._secrets = secrets
        self._data: Optional[bytes] = prefetched
        self._offset = 0  # how much of `_data` partial `read(amt)` calls have returned

    # published names
    def getheaders(self) -> Mapping[str, str]:
        return self.headers

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        return self.headers.get(name, default)

    @property
    def data(self) -> bytes:
        """The whole body (read on first access)."""
        if self._data is None:
            self._data = self.read()
        return self._data

    def read(self, amt: Optional[int] = None) -> bytes:
        """Up to `amt` bytes of the body, or all of what is left."""
        if self._data is not None:  # already read (prefetched for retry hints, or through `data`)
            start = self._offset
            if amt is None:
                return self._data[start:] if start else self._data
            self._offset = min(len(self._data), start + amt)
            return self._data[start : self._offset]
        try:
            return self.response.read(amt)
        except TRANSPORT_ERRORS as exc:
            raise self._reading_error(exc) from exc

    def stream(self, chunk_size: int = 65536) -> Iterator[bytes]:
        """The body as it arrives, in chunks of at most `chunk_size` bytes."""
        if self._data is not None:
            rest = self.read()
            if rest:
                yield rest
            return
        try:
            yield from self.response.stream(chunk_size)
        except TRANSPORT_ERRORS as exc:
            raise self._reading_error(exc) from exc

    def iter_lines(self, chunk_size: int = 8192) -> Iterator[str]:
        """The body's lines as text, without line endings, yielded as soon as each one is complete.

        A line ends with LF, CRLF or a lone CR (as server-sent events allow); a CR at the end of a chunk is
        held until the next chunk says whether an LF follows it.
        """
        pending = b""
        read1 = getattr(self.response, "read1", None)
        chunks: Iterator[bytes]
        if read1 is not None and self._data is None and not self.response.chunked:
            chunks = iter(lambda: self._read1(chunk_size), b"")
        else:
            chunks = self.stream(chunk_size)
        for chunk in chunks:
            pending += chunk
            held_cr = pending.endswith(b"\r")
            *lines, pending = _LINE_BREAK.split(pending[:-1] if held_cr else pending)
            if held_cr:
                pending += b"\r"
            for line in lines:
                yield line.decode("utf-8", "replace")
        if pending:
            yield pending.rstrip(b"\r").decode("utf-8", "replace")

    def _read1(self, amt: int) -> bytes:
        try:
            return bytes(self.response.read1(amt))
        except TRANSPORT_ERRORS as exc:
            raise self._reading_error(exc) from exc

    def _reading_error(self, exc: BaseException) -> ApiConnectionError:
        label = self.operation or "response"
        if isinstance(exc, (u3.ReadTimeoutError, socket.timeout)):
            return ApiTimeoutError(f"{label}: timed out reading the response body", operation=self.operation)
        return ApiConnectionError(
            f"{label}: connection failed while reading the response body: {_reason(exc)}",
            operation=self.operation,
        )

    def close(self) -> None:
        """Release the connection: back to the pool when the body was read to the end, else closed."""
        try:
            if not self.response.closed and self._data is None:
                self.response.close()
            self.response.release_conn()
        except TRANSPORT_ERRORS:  # closing a broken connection may fail; nothing is left to release
            pass

    def __repr__(self) -> str:
        return f"<RESTResponse {self.status} {self.reason or ''} {self.operation}>".replace("  ", " ")


__all__ = [
    "ApiAttributeError",
    "ApiConnectionError",
    "ApiDeserializationError",
    "ApiException",
    "ApiKeyError",
    "ApiTimeoutError",
    "ApiTypeError",
    "ApiValueError",
    "BadRequestException",
    "ConflictException",
    "ForbiddenException",
    "MixpeekError",
    "NotFoundException",
    "OpenApiException",
    "RESTClientObject",
    "RESTResponse",
    "ServiceException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnprocessableEntityException",
]
