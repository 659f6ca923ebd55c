"""The urllib3 transport: one connection pool per `ApiClient`, and `RESTResponse`, the undecoded response.

urllib3's own retries and redirects are turned off: the SDK's retry policy (`mixpeek._runtime.retry`) is the
only one, and redirects are never followed, so the `Authorization` header can never be forwarded to another
host (a 3xx answer surfaces as an `ApiException` carrying the `Location` header).

`ApiException` and the rest of the exception tree are re-exported here, as in the published package
(`from mixpeek.rest import ApiException`).
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, Type, Union

import urllib3
from urllib3 import exceptions as u3

from mixpeek._runtime.closing import Closeable
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
    """Owns the urllib3 `PoolManager` (or `ProxyManager`) and sends one request per `request` call."""

    def __init__(self, configuration: Configuration) -> None:
        kwargs = _pool_kwargs(configuration)
        self._proxied = bool(configuration.proxy)
        self.pool_manager: urllib3.PoolManager
        if configuration.proxy:
            self.pool_manager = urllib3.ProxyManager(
                configuration.proxy, proxy_headers=configuration.proxy_headers, **kwargs
            )
        else:
            self.pool_manager = urllib3.PoolManager(**kwargs)
        self._origins: Dict[str, Tuple[str, str, Optional[int], str]] = {}
        self._pools: Dict[str, Tuple[Any, str]] = {}  # base URL -> (connection pool, path prefix)

    def _origin(self, base_url: str) -> Tuple[str, str, Optional[int], str]:
        """(scheme, host, port, path prefix) of a base URL, parsed once per distinct URL."""
        origin = self._origins.get(base_url)
        if origin is None:
            parsed = urllib3.util.parse_url(base_url)
            if not parsed.host or parsed.scheme not in ("http", "https"):
                raise ApiValueError(f"invalid host {base_url!r}: expected http(s)://host[:port][/prefix]")
            origin = (parsed.scheme, parsed.host, parsed.port, (parsed.path or "").rstrip("/"))
            self._origins[base_url] = origin
        return origin

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
        """Send one request to `base_url` + `target` (path and query); raises urllib3/socket errors as is."""
        if self._proxied:
            self._origin(base_url)
            return self.pool_manager.urlopen(
                method,
                base_url + target,
                body=body,
                headers=headers,
                timeout=timeout,
                retries=False,
                redirect=False,
                preload_content=preload_content,
            )
        cached = self._pools.get(base_url)
        if cached is None or cached[0].pool is None:  # first use, or the pool manager closed the pool
            scheme, host, port, prefix = self._origin(base_url)
            cached = (self.pool_manager.connection_from_host(host, port, scheme), prefix)
            self._pools[base_url] = cached
        pool, prefix = cached
        return pool.urlopen(
            method,
            prefix + target,
            body=body,
            headers=headers,
            timeout=timeout,
            retries=False,
            redirect=False,
            assert_same_host=False,
            preload_content=preload_content,
        )

    def close(self) -> None:
        self._pools.clear()
        self.pool_manager.clear()


def transport_error(
    exc: BaseException, label: str, method: str, target: str, attempts: int = 1
) -> Tuple[ApiConnectionError, bool, bool]:
    """Map a transport failure to (SDK error, may the server have processed the request, worth retrying).

    Failures while connecting (refused, DNS, connect timeout, proxy) happened before anything was sent;
    failures after that (reset, closed without answer, read timeout) may follow a processed request. TLS
    failures are not worth retrying: they repeat identically.
    """
    where = f"{label} ({method} {target})"
    if isinstance(exc, u3.NewConnectionError):
        return ApiConnectionError(f"{where}: could not connect: {_reason(exc)}", operation=label), False, True
    if isinstance(exc, u3.ConnectTimeoutError):
        return ApiTimeoutError(f"{where}: timed out connecting: {_reason(exc)}", operation=label), False, True
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
        """The body's lines as text, without line endings, yielded as soon as each one is complete."""
        pending = b""
        read1 = getattr(self.response, "read1", None)
        chunks: Iterator[bytes]
        if read1 is not None and self._data is None and not self.response.chunked:
            chunks = iter(lambda: self._read1(chunk_size), b"")
        else:
            chunks = self.stream(chunk_size)
        for chunk in chunks:
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield line.rstrip(b"\r").decode("utf-8", "replace")
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
