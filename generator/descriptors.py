"""What a generated descriptor states: each ``Operation`` and ``Param`` field only where it differs from the
runtime's default, so the generated layer holds what the runtime needs and restates nothing.

The defaults have one owner, :mod:`mixpeek._runtime.operation` (its docstring lists them; the generator
imports them, so both always agree). This module is the one place the generator applies them:

* ``Param``: ``name`` and ``location`` always; ``required`` when true; ``type`` when the runtime checks it
  (not ``"Any"``); ``is_file`` when true; ``wire`` when it differs from the Python name.
* ``Operation``: ``name``, ``method``, ``path`` and ``responses`` always; ``params`` when there are any;
  ``content_type``, ``response_media``, ``security`` and ``idempotent`` when they differ from what the runtime
  derives for this operation; ``retired`` when there are any. Never ``api``: the class binds it
  (``BaseApi.__init_subclass__``), since a module declares the descriptors of its one class.
* ``responses``: the success answers (2xx and ``default``), plus an error answer only when its model is not
  the common error model (every unlisted status answers that one; the runtime picks an error's model by the
  body's shape in any case).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import Operation, Param
from generator.render.common import tuple_source
from mixpeek._runtime.operation import (
    COMMON_ERROR_MODEL,
    DEFAULT_SECURITY,
    JSON_MEDIA,
    default_content_type,
    default_idempotent,
)

#: The runtime's default ``Param.type``: a parameter declared with it is not checked before sending.
_UNCHECKED_TYPE = "Any"


@dataclass(frozen=True)
class DescriptorSource:
    """The keyword arguments of one generated ``Operation(...)``, as Python source, in the order written:
    ``fields`` before ``params``, then ``params`` (each a ``Param(...)`` call), then ``details``."""

    fields: tuple[tuple[str, str], ...]
    params: tuple[str, ...]
    details: tuple[tuple[str, str], ...]


def descriptor_source(operation: Operation) -> DescriptorSource:
    """The source of ``operation``'s descriptor, each field stated only where it is not the default."""
    fields = (
        ("name", repr(operation.name)),
        ("method", repr(operation.http_method)),
        ("path", repr(operation.path)),
    )
    details = [("responses", _responses_source(operation))]
    details += [(key, source) for key, source, default in _optional_fields(operation) if source != default]
    return DescriptorSource(fields, tuple(_param_source(param) for param in operation.params), tuple(details))


def listed_responses(operation: Operation) -> tuple[tuple[str, str], ...]:
    """The answers a descriptor lists: success answers, and errors whose model is not the common one."""
    return tuple(
        (status, expression)
        for status, expression in operation.responses
        if _is_success(status) or expression != COMMON_ERROR_MODEL
    )


def _is_success(status: str) -> bool:
    return status.startswith("2") or status == "default"


def _responses_source(operation: Operation) -> str:
    entries = ", ".join(f"{status!r}: {expression!r}" for status, expression in listed_responses(operation))
    return "{" + entries + "}"


def _optional_fields(operation: Operation) -> tuple[tuple[str, str, str], ...]:
    """(keyword, source of the value, source of the runtime's default for this operation) of the fields a
    descriptor may leave out."""
    locations = [param.location for param in operation.params]
    return (
        ("content_type", repr(operation.content_type), repr(default_content_type(locations))),
        ("response_media", repr(operation.response_media), repr(JSON_MEDIA)),
        ("security", tuple_source(operation.security), tuple_source(DEFAULT_SECURITY)),
        ("idempotent", repr(operation.idempotent), repr(default_idempotent(operation.http_method))),
        ("retired", tuple_source(operation.retired), tuple_source(())),
    )


def _param_source(param: Param) -> str:
    arguments = [f"name={param.name!r}", f"location={param.location!r}"]
    if param.required:
        arguments.append("required=True")
    if param.descriptor_type is not None and param.descriptor_type != _UNCHECKED_TYPE:
        arguments.append(f"type={param.descriptor_type!r}")
    if param.is_file:
        arguments.append("is_file=True")
    if param.wire != param.name:
        arguments.append(f"wire={param.wire!r}")
    return f"Param({', '.join(arguments)})"
