"""`Configuration`: where the SDK talks to, with which key, and how (timeouts, retries, TLS, proxy, logging).

Values come from the keyword arguments, else from the environment (`MIXPEEK_API_KEY`, `MIXPEEK_NAMESPACE`,
`MIXPEEK_BASE_URL`), else from defaults (host https://api.mixpeek.com, 60 s timeout, 300 s per call in all,
2 retries, 256 MiB answers at most, TLS verified, proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY).
`MIXPEEK_LOG=debug|info` turns the SDK's logging on without code (to stderr; keys are never logged).
The keyword names of the published package are accepted too (`access_token` is the API key; `api_key` may be
the published package's {"BearerAuth": key, "NamespaceHeader": namespace} mapping; `retries` is
`max_retries`). `Configuration.api_key` is that mapping (see `mixpeek._runtime.credentials`): it owns the key
and the namespace, whichever form set them.

Settings of the published package that this SDK has no use for (`username`, `password`, the `server_*`
settings, `safe_chars_for_path_param`, `client_side_validation`, `datetime_format`, `date_format`,
`temp_folder_path`) are accepted and ignored; setting one to a value other than its default emits
`IgnoredSettingWarning`. `mixpeek._runtime.compat_settings` lists them with the reason for each.

An `ApiClient` reads the host, keys, namespace, timeouts and retry settings at every call, so changing them
later takes effect; TLS, proxy and pool settings are read once, when the client creates its connection pool.
The API key is kept in a `Secret`: `repr`, `str`, logs and pickles of a Configuration never contain it (a
pickled copy has no key; `copy.deepcopy` keeps it).
"""

from __future__ import annotations

import copy
import logging
import os
import random
import sys
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Callable, ClassVar, Dict, List, Optional, Tuple, Union

from mixpeek._runtime import compat_settings, credentials, deadline, limits
from mixpeek._runtime.compat_settings import IgnoredSettingWarning as IgnoredSettingWarning
from mixpeek._runtime.credentials import BEARER, NAMESPACE, ApiKeys
from mixpeek._runtime.deadline import DEFAULT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT
from mixpeek._runtime.limits import DEFAULT_MAX_RESPONSE_BYTES
from mixpeek._runtime.retry import RetryPolicy
from mixpeek._runtime.secret import mask, shown_url

DEFAULT_HOST = "https://api.mixpeek.com"
LOGGER_NAME = "mixpeek"
#: The environment variable that turns the SDK's logging on without code: ``debug`` or ``info``.
LOG_ENV = "MIXPEEK_LOG"
LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}

TimeoutValue = Union[None, float, Tuple[Optional[float], Optional[float]]]


def _key_source(argument: Optional[str], access_token: Optional[str], mapped: Optional[str]) -> Optional[str]:
    """Where `Configuration.__init__` took the API key from, in the order it looks."""
    if argument:
        return "the api_key argument"
    if access_token:
        return "the access_token argument"
    if mapped:
        return 'the api_key["BearerAuth"] mapping'
    if _env("MIXPEEK_API_KEY"):
        return "the MIXPEEK_API_KEY environment variable"
    return None


def _env(name: str) -> Optional[str]:
    """An environment variable's value without surrounding whitespace (a stray CR or newline from a .env
    file would make the key an invalid header); None when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or None


def _package_versions() -> str:
    """The SDK version and the API version it speaks, from the generated package constants."""
    import mixpeek

    return f"{mixpeek.__version__} (API {mixpeek.API_VERSION})"


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is emitted (it may be replaced after setup)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


class Configuration:
    """Settings shared by every call of an `ApiClient`."""

    _default: ClassVar[Optional[Configuration]] = None

    # Accepted for compatibility with the published package and read by nothing; setting one to another
    # value than its default warns (`IgnoredSettingWarning`). Defaults, reasons: _runtime/compat_settings.py.
    username = compat_settings.USERNAME
    password = compat_settings.PASSWORD
    server_index = compat_settings.SERVER_INDEX
    server_variables = compat_settings.SERVER_VARIABLES
    server_operation_index = compat_settings.SERVER_OPERATION_INDEX
    server_operation_variables = compat_settings.SERVER_OPERATION_VARIABLES
    ignore_operation_servers = compat_settings.IGNORE_OPERATION_SERVERS
    safe_chars_for_path_param = compat_settings.SAFE_CHARS_FOR_PATH_PARAM
    client_side_validation = compat_settings.CLIENT_SIDE_VALIDATION
    datetime_format = compat_settings.DATETIME_FORMAT
    date_format = compat_settings.DATE_FORMAT
    temp_folder_path = compat_settings.TEMP_FOLDER_PATH

    def __init__(
        self,
        host: Optional[str] = None,
        api_key: Union[None, str, Mapping[str, str]] = None,
        api_key_prefix: Optional[Mapping[str, str]] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        access_token: Optional[str] = None,
        server_index: Optional[int] = None,
        server_variables: Optional[Mapping[str, str]] = None,
        server_operation_index: Optional[Mapping[str, int]] = None,
        server_operation_variables: Optional[Mapping[str, Mapping[str, str]]] = None,
        ignore_operation_servers: bool = False,
        ssl_ca_cert: Optional[str] = None,
        retries: Optional[int] = None,
        ca_cert_data: Union[None, str, bytes] = None,
        *,
        namespace: Optional[str] = None,
        timeout: TimeoutValue = DEFAULT_TIMEOUT,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        retry_policy: Optional[RetryPolicy] = None,
        verify_ssl: bool = True,
        cert_file: Optional[str] = None,
        key_file: Optional[str] = None,
        assert_hostname: Union[None, bool, str] = None,
        tls_server_name: Optional[str] = None,
        proxy: Optional[str] = None,
        proxy_headers: Optional[Mapping[str, str]] = None,
        connection_pool_maxsize: int = 10,
        socket_options: Optional[List[Tuple[int, int, int]]] = None,
        debug: Optional[bool] = None,
        total_timeout: Optional[float] = None,
        max_response_bytes: Optional[int] = None,
        trust_env: bool = True,
    ) -> None:
        self.host = host or _env("MIXPEEK_BASE_URL") or DEFAULT_HOST
        self._set_credentials(api_key, access_token, namespace, api_key_prefix)
        compat_settings.apply(  # accepted for compatibility, read by nothing: see compat_settings.py
            self,
            username=username,
            password=password,
            server_index=server_index,
            server_variables=server_variables,
            server_operation_index=server_operation_index,
            server_operation_variables=server_operation_variables,
            ignore_operation_servers=ignore_operation_servers or None,
        )
        self._set_limits(timeout, connect_timeout, read_timeout, total_timeout, max_response_bytes)
        self.retry_policy = retry_policy or RetryPolicy()
        if max_retries is None:
            max_retries = retries
        if max_retries is not None:
            self.max_retries = max_retries
        # TLS, read when the client creates its connection pool
        self.verify_ssl = verify_ssl
        self.ssl_ca_cert = ssl_ca_cert
        self.ca_cert_data = ca_cert_data
        self.cert_file = cert_file
        self.key_file = key_file
        self.assert_hostname = assert_hostname
        self.tls_server_name = tls_server_name
        # connection, read then too
        self.proxy = proxy
        self.proxy_headers: Optional[Dict[str, str]] = dict(proxy_headers) if proxy_headers else None
        self.trust_env = trust_env  # proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY when `proxy` is not set
        self.connection_pool_maxsize = connection_pool_maxsize
        self.socket_options = socket_options
        self._set_logging(debug)

    def _set_credentials(
        self,
        api_key: Union[None, str, Mapping[str, str]],
        access_token: Optional[str],
        namespace: Optional[str],
        api_key_prefix: Optional[Mapping[str, str]],
    ) -> None:
        """The key and namespace, from the arguments (any of the published forms), else the environment."""
        # the one owner of the API key and the namespace, whichever form gives them
        self._keys = ApiKeys(api_key if isinstance(api_key, Mapping) else None)
        key = api_key if isinstance(api_key, str) else None
        mapped = self._keys.get(BEARER)
        self.access_token = key or access_token or mapped or _env("MIXPEEK_API_KEY")
        #: where the API key came from, as a 401 explains it (never the key itself)
        self.key_source: Optional[str] = _key_source(key, access_token, mapped)
        self.namespace = namespace or self._keys.get(NAMESPACE) or _env("MIXPEEK_NAMESPACE")
        # the published package's per-scheme prefixes ({"BearerAuth": "Bearer"}) and key refresh hook
        self.api_key_prefix: Dict[str, str] = dict(api_key_prefix or {})
        self.refresh_api_key_hook: Optional[Callable[[Configuration], None]] = None

    def _set_limits(
        self,
        timeout: TimeoutValue,
        connect_timeout: Optional[float],
        read_timeout: Optional[float],
        total_timeout: Optional[float],
        max_response_bytes: Optional[int],
    ) -> None:
        """Timeouts (seconds) and the answer size limit; unset ones take the defaults.

        Each is checked now, so that a wrong value fails where it is written rather than on the first call
        (a value assigned later is checked by that call, whose error names it).
        """
        if not hasattr(timeout, "connect_timeout"):  # a urllib3.Timeout is checked by urllib3
            deadline.timeout_pair(timeout, connect_timeout, read_timeout)
        deadline.total_seconds(total_timeout)
        limits.max_bytes(max_response_bytes)
        # `timeout` is the default for both phases; the others override one phase
        self.timeout: TimeoutValue = timeout
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        # one call in all (attempts and waits); the largest answer read into memory (see docs/reliability.md)
        self.total_timeout: float = DEFAULT_TOTAL_TIMEOUT if total_timeout is None else total_timeout
        self.max_response_bytes: int = (
            DEFAULT_MAX_RESPONSE_BYTES if max_response_bytes is None else max_response_bytes
        )

    def _set_logging(self, debug: Optional[bool]) -> None:
        """The "mixpeek" logger, switched on by `debug` or else by `MIXPEEK_LOG`."""
        self.logger = logging.getLogger(LOGGER_NAME)
        self.logger_format = "%(asctime)s %(levelname)s %(name)s %(message)s"
        self._logger_file: Optional[str] = None
        self._debug = False
        if debug is not None:
            self.debug = debug
        elif _env(LOG_ENV):
            self._log_from_environment()

    # secrets ------------------------------------------------------------------------------------------
    @property
    def api_key(self) -> ApiKeys:
        """The credentials by security scheme: {"BearerAuth": key, "NamespaceHeader": namespace}.

        Assigning a string sets the API key ("sk_..."); assigning a mapping replaces the whole mapping. The
        mapping compares equal to its API key string, so `configuration.api_key == "sk_..."` holds.
        """
        return self._keys

    @api_key.setter
    def api_key(self, value: Union[None, str, Mapping[str, str]]) -> None:
        self._keys.replace(value)

    @property
    def access_token(self) -> Optional[str]:
        """The API key as a string (the published package's name for it); None when unset."""
        return self._keys.get(BEARER)

    @access_token.setter
    def access_token(self, value: Optional[str]) -> None:
        self._keys[BEARER] = value
        self.key_source = "a key set on the configuration" if value else None

    @property
    def namespace(self) -> Optional[str]:
        """The namespace sent as `X-Namespace` (the published `api_key["NamespaceHeader"]`)."""
        return self._keys.get(NAMESPACE)

    @namespace.setter
    def namespace(self, value: Optional[str]) -> None:
        self._keys[NAMESPACE] = value

    def credential_headers(self) -> Tuple[Optional[str], Optional[str]]:
        """(Authorization value, X-Namespace value) a call sends by default, after the refresh hook."""
        if self.refresh_api_key_hook is not None:
            self.refresh_api_key_hook(self)
        return credentials.header_values(self._keys, self.api_key_prefix)

    def get_api_key_with_prefix(self, identifier: str, alias: Optional[str] = None) -> Optional[str]:
        """The credential of a scheme (else of `alias`), preceded by its `api_key_prefix` when one is set."""
        if self.refresh_api_key_hook is not None:
            self.refresh_api_key_hook(self)
        value = self._keys.get(identifier) or (self._keys.get(alias) if alias is not None else None)
        if not value:
            return None
        prefix = self.api_key_prefix.get(identifier)
        return f"{prefix} {value}" if prefix else value

    def auth_settings(self) -> Dict[str, Dict[str, str]]:
        """What each security scheme sends: {"BearerAuth": {"type", "in", "key", "value"}, ...}."""
        if self.refresh_api_key_hook is not None:
            self.refresh_api_key_hook(self)
        return credentials.auth_settings(self._keys, self.api_key_prefix)

    # host ----------------------------------------------------------------------------------------------
    @property
    def host(self) -> str:
        """The API's base URL, without a trailing slash."""
        return self._host

    @host.setter
    def host(self, value: str) -> None:
        self._host = value.rstrip("/")

    # retries -------------------------------------------------------------------------------------------
    @property
    def max_retries(self) -> int:
        """How many times a failed call is retried (0 turns retrying off)."""
        return self.retry_policy.max_retries

    @max_retries.setter
    def max_retries(self, value: int) -> None:
        self.retry_policy = self.retry_policy.with_max_retries(value)

    @property
    def retries(self) -> int:
        """The published package's name for `max_retries`."""
        return self.max_retries

    @retries.setter
    def retries(self, value: Optional[int]) -> None:
        if value is not None:
            self.max_retries = value

    # logging -------------------------------------------------------------------------------------------
    @property
    def debug(self) -> bool:
        """When true, the "mixpeek" logger logs every attempt at DEBUG level (never keys or headers)."""
        return self._debug

    @debug.setter
    def debug(self, value: bool) -> None:
        self._debug = bool(value)
        if self._debug:
            self._log_to_stderr(logging.DEBUG)
        else:
            # Back to what the application's logging configuration says, without the SDK's own handler.
            self.logger.setLevel(logging.NOTSET)
            _install_handler(self.logger, "stderr", None)

    def _log_to_stderr(self, level: int) -> None:
        """Log the "mixpeek" logger's records from ``level`` up to stderr (unless it has handlers already)."""
        self.logger.setLevel(level)
        if not self.logger.handlers:
            handler = _StderrHandler()
            handler.setFormatter(logging.Formatter(self.logger_format))
            _install_handler(self.logger, "stderr", handler)

    def _log_from_environment(self) -> None:
        """Turn logging on from `MIXPEEK_LOG` (``debug`` or ``info``), with no code, as OPENAI_LOG does."""
        value = (_env(LOG_ENV) or "").lower()
        if value == "debug":
            self.debug = True
        elif value in LOG_LEVELS:
            self._log_to_stderr(LOG_LEVELS[value])
        else:
            self.logger.warning(
                "%s=%r is not one of %s; logging left as is", LOG_ENV, value, list(LOG_LEVELS)
            )

    @property
    def logger_file(self) -> Optional[str]:
        return self._logger_file

    @logger_file.setter
    def logger_file(self, path: Optional[str]) -> None:
        self._logger_file = path
        handler: Optional[logging.Handler] = None
        if path:
            handler = logging.FileHandler(path)
            handler.setFormatter(logging.Formatter(self.logger_format))
        _install_handler(self.logger, "file", handler)  # replaces the file handler set before, if any

    # defaults ------------------------------------------------------------------------------------------
    @classmethod
    def set_default(cls, default: Optional[Configuration]) -> None:
        """Make `default` the configuration used when none is given (None resets it)."""
        cls._default = default

    @classmethod
    def get_default(cls) -> Configuration:
        """The process-wide default configuration (created from the environment on first use)."""
        if cls._default is None:
            cls._default = Configuration()
        return cls._default

    @classmethod
    def get_default_copy(cls) -> Configuration:
        return copy.deepcopy(cls.get_default())

    # published helpers ---------------------------------------------------------------------------------
    def get_host_settings(self) -> List[Dict[str, Any]]:
        return [{"url": self.host, "description": "Mixpeek API", "variables": {}}]

    def get_host_from_settings(
        self,
        index: Optional[int],
        variables: Optional[Mapping[str, str]] = None,
        servers: Optional[List[Dict[str, Any]]] = None,
    ) -> str:
        """The configured host (one server only; kept for compatibility)."""
        return self.host

    def to_debug_report(self) -> str:
        """Versions useful in a bug report (no secrets)."""
        import platform

        import pydantic
        import urllib3

        return (
            f"Python SDK Debug Report:\nOS: {sys.platform}\nPython Version: {platform.python_version()}\n"
            f"SDK Package Version: {_package_versions()}\nurllib3: {getattr(urllib3, '__version__', '?')}\n"
            f"pydantic: {pydantic.VERSION}"
        )

    # copies, reprs, pickles: never the key ------------------------------------------------------------
    def __repr__(self) -> str:
        return (
            f"Configuration(host={shown_url(self.host)!r}, api_key={mask(self.access_token)!r}, "
            f"namespace={self.namespace!r}, timeout={self.timeout!r}, max_retries={self.max_retries!r}, "
            f"verify_ssl={self.verify_ssl!r}, proxy={self.proxy and shown_url(self.proxy)!r})"
        )

    __str__ = __repr__

    def __copy__(self) -> Configuration:
        clone = object.__new__(Configuration)
        clone.__dict__.update(self.__dict__)
        clone._keys = copy.copy(self._keys)  # its own credentials: setting the copy's key leaves ours alone
        return clone

    def __deepcopy__(self, memo: Dict[int, Any]) -> Configuration:
        clone = object.__new__(Configuration)
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            keep = name in ("logger", "_password", "retry_policy", "refresh_api_key_hook")
            clone.__dict__[name] = value if keep else copy.deepcopy(value, memo)
        return clone

    def __getstate__(self) -> Dict[str, Any]:
        """Pickled state: everything but the secrets and the logger (re-attached on load).

        The credentials mapping pickles its namespace only; the refresh hook (often a closure) is dropped.
        """
        dropped = ("_password", "logger", "refresh_api_key_hook")
        state = {k: v for k, v in self.__dict__.items() if k not in dropped}
        # The settings travel; the injected clock, sleep and random functions (possibly test fakes, often not
        # picklable) are replaced by the standard ones.
        state["retry_policy"] = replace(
            self.retry_policy, sleep=time.sleep, wall_clock=time.time, random=random.random
        )
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._password = None
        self.refresh_api_key_hook = None
        self.logger = logging.getLogger(LOGGER_NAME)


#: The handlers the SDK itself added to its logger, by role, so that setting them again replaces them.
_SDK_HANDLERS: Dict[str, logging.Handler] = {}


def _install_handler(logger: logging.Logger, role: str, handler: Optional[logging.Handler]) -> None:
    """Put `handler` in the SDK's `role` slot of `logger` (None empties it), closing the one it replaces."""
    previous = _SDK_HANDLERS.pop(role, None)
    if previous is not None:
        logger.removeHandler(previous)
        previous.close()
    if handler is not None:
        _SDK_HANDLERS[role] = handler
        logger.addHandler(handler)
