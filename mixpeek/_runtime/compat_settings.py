"""The `Configuration` settings accepted only so that code written for the published package keeps running.

The published package's configuration has settings this SDK has no use for: HTTP basic auth, server
templates, date formats, a temporary folder, switches for behaviour that is always on here. They are kept
(as keyword arguments and attributes) so that such code does not fail, and they are read by nothing. This
module is the one place that lists them, with each one's default and the reason it changes nothing.

Setting one to anything but its default emits `IgnoredSettingWarning`, naming the setting and the reason,
because a setting that silently does nothing is a bug waiting to happen (``client_side_validation=False``
does not turn validation off; ``safe_chars_for_path_param="/"`` does not let a slash through).
"""

from __future__ import annotations

import copy
import warnings
from typing import Any, Dict, Generic, Optional, Tuple, TypeVar, overload

from mixpeek._runtime.secret import Secret

T = TypeVar("T")


class IgnoredSettingWarning(UserWarning):
    """A configuration setting kept for compatibility was set to a value that changes nothing."""


class CompatSetting(Generic[T]):
    """A `Configuration` attribute that stores what it is given, is read by nothing, and says so.

    The value lives in the instance under ``_<name>`` (a secret one wrapped in `Secret`, so reprs and
    pickles never show it); an instance that never set it reads the default (a copy, for dicts).
    """

    def __init__(self, default: T, reason: str, *, secret: bool = False) -> None:
        self.default = default
        self.reason = reason
        self.secret = secret
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @property
    def slot(self) -> str:
        return f"_{self.name}"

    @overload
    def __get__(self, instance: None, owner: type) -> CompatSetting[T]: ...

    @overload
    def __get__(self, instance: object, owner: type) -> T: ...

    def __get__(self, instance: Optional[object], owner: type) -> Any:
        if instance is None:
            return self
        state = instance.__dict__
        if self.slot not in state:
            state[self.slot] = copy.copy(self.default)  # a dict default is the instance's own
        value = state[self.slot]
        return value.reveal() if isinstance(value, Secret) else value

    def __set__(self, instance: object, value: T) -> None:
        self.store(instance, value, stacklevel=3)

    def store(self, instance: object, value: T, stacklevel: int) -> None:
        """Keep ``value``; warn (pointing ``stacklevel`` frames up) when it is not the default."""
        if value != self.default:
            warnings.warn(
                f"Configuration.{self.name} is accepted for compatibility and ignored: {self.reason}",
                IgnoredSettingWarning,
                stacklevel=stacklevel,
            )
        stored: Any = Secret(str(value)) if self.secret and value else value
        instance.__dict__[self.slot] = stored


_SERVERS = "the SDK talks to one server, `host` (or MIXPEEK_BASE_URL); there are no server templates"

USERNAME: CompatSetting[Optional[str]] = CompatSetting(
    None, "the Mixpeek API authenticates with an API key (Bearer), never with HTTP basic auth"
)
PASSWORD: CompatSetting[Optional[str]] = CompatSetting(
    None, "the Mixpeek API authenticates with an API key (Bearer), never with HTTP basic auth", secret=True
)
SERVER_INDEX: CompatSetting[Optional[int]] = CompatSetting(None, _SERVERS)
SERVER_VARIABLES: CompatSetting[Dict[str, str]] = CompatSetting({}, _SERVERS)
SERVER_OPERATION_INDEX: CompatSetting[Dict[str, int]] = CompatSetting({}, _SERVERS)
SERVER_OPERATION_VARIABLES: CompatSetting[Dict[str, Dict[str, str]]] = CompatSetting({}, _SERVERS)
IGNORE_OPERATION_SERVERS: CompatSetting[bool] = CompatSetting(False, _SERVERS)
SAFE_CHARS_FOR_PATH_PARAM: CompatSetting[str] = CompatSetting(
    "", "path parameters are always fully percent-encoded, so '/' or '..' cannot change the route"
)
CLIENT_SIDE_VALIDATION: CompatSetting[bool] = CompatSetting(
    True, "arguments and request bodies are always validated before anything is sent"
)
DATETIME_FORMAT: CompatSetting[str] = CompatSetting(
    "%Y-%m-%dT%H:%M:%S.%f%z", "date-times are always sent in ISO 8601 (datetime.isoformat)"
)
DATE_FORMAT: CompatSetting[str] = CompatSetting(
    "%Y-%m-%d", "dates are always sent in ISO 8601 (date.isoformat)"
)
TEMP_FOLDER_PATH: CompatSetting[Optional[str]] = CompatSetting(
    None, "file downloads are returned as bytes; nothing is written to a temporary folder"
)

#: Every setting of this kind, in the published package's order.
COMPAT_SETTINGS: Tuple[CompatSetting[Any], ...] = (
    USERNAME,
    PASSWORD,
    SERVER_INDEX,
    SERVER_VARIABLES,
    SERVER_OPERATION_INDEX,
    SERVER_OPERATION_VARIABLES,
    IGNORE_OPERATION_SERVERS,
    SAFE_CHARS_FOR_PATH_PARAM,
    CLIENT_SIDE_VALIDATION,
    DATETIME_FORMAT,
    DATE_FORMAT,
    TEMP_FOLDER_PATH,
)


def apply(instance: object, **given: Any) -> None:
    """Store the compatibility settings given to `Configuration.__init__` (None means "not given"),
    warning, at the caller of ``__init__``, about each one that is not its default."""
    for name, value in given.items():
        if value is not None:
            setting: CompatSetting[Any] = getattr(type(instance), name)
            setting.store(instance, value, stacklevel=4)  # store, apply, __init__, the caller
