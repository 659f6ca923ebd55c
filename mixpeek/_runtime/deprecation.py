"""Names an earlier version of the SDK had and the API changed since: they keep working and warn.

The spec-change loop (`spec_builder.compat`) marks them in the spec; the generator renders method aliases
with `deprecated_alias`, and the runtime drops retired keyword parameters with `warn_retired_parameter`.
Both warn with `DeprecationWarning`, pointing at the caller's line.
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING, Any, Callable, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

_F = TypeVar("_F", bound=Callable[..., Any])


def deprecated_alias(method: _F, old_name: str) -> _F:
    """`method` under the name it had before the API changed: calling it warns, then calls `method`."""

    @functools.wraps(method)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"{old_name}() is deprecated: the API renamed it; call {method.__name__}() instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return method(*args, **kwargs)

    alias.__name__ = old_name
    return alias  # type: ignore[return-value]


def warn_retired_parameter(operation_label: str, name: str) -> None:
    """A keyword the operation no longer takes was given: it is not sent; say so."""
    warnings.warn(
        f"{operation_label}: the parameter {name!r} is deprecated: the API no longer takes it, so it is "
        "not sent",
        DeprecationWarning,
        stacklevel=6,  # this, prepare.bind, ApiClient._prepare, call*, the generated method, the caller
    )


def read_kept_field(model: BaseModel, wire: str) -> Any:
    """A field the API dropped, read from what the server sent beyond the declared fields (None if it did
    not send it), with a warning."""
    warnings.warn(
        f"{type(model).__name__}.{wire} is deprecated: the API no longer has this field",
        DeprecationWarning,
        stacklevel=3,  # this, the generated property, the caller
    )
    return (model.model_extra or {}).get(wire)
