"""What every resource shares: the generated APIs, the default namespace, and the one way a call is made.

Every high-level method ends in `ClientCore.call`, which adds the per-call options (`CallOptions`), asks the
generated operation for plain JSON records (``_as_records``), sends the namespace, and turns an HTTP error
into a `MixpeekAPIError` of its status family. Request bodies are validated by `build_request`.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Tuple, TypeVar, Union, cast

from pydantic import ValidationError
from typing_extensions import TypedDict

from mixpeek._runtime.model import key_index
from mixpeek.client._apis import GeneratedApis
from mixpeek.client.errors import MixpeekAPIError, as_api_error, exists_differently
from mixpeek.exceptions import (
    ApiException,
    ConflictException,
    RequestValidationError,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mixpeek._runtime.operation import RequestOptions

ModelT = TypeVar("ModelT", bound="BaseModel")
ItemT = TypeVar("ItemT")


class TransportOptions(TypedDict, total=False):
    """How one call is sent: ``timeout`` (seconds, or a (connect, read) pair) instead of the client's,
    ``max_retries`` instead of the client's (0 turns retrying off), and extra request ``_headers``."""

    timeout: Union[None, float, Tuple[float, float]]
    max_retries: Optional[int]
    _headers: Optional[Mapping[str, str]]


class CallOptions(TransportOptions, total=False):
    """The keyword options every high-level method takes, for that one call: `TransportOptions`, and
    ``namespace``, the X-Namespace to send instead of the client's default."""

    namespace: Optional[str]


#: The names of `CallOptions`, as they may also arrive among a method's free keyword arguments.
OPTION_NAMES = CallOptions.__optional_keys__


def split_options(
    fields: Mapping[str, Any], *, namespace_keywords: bool = True
) -> Tuple[Dict[str, Any], CallOptions]:
    """Separate the per-call options from the body fields among a method's free keyword arguments.

    With ``namespace_keywords``, ``namespace_id=`` as well as ``namespace=`` choose the X-Namespace header
    (``namespace_id`` first), as in the published client, where they would otherwise be sent in the body
    and ignored by the server.
    """
    body = dict(fields)
    options: Dict[str, Any] = {name: body.pop(name) for name in OPTION_NAMES if name in body}
    if namespace_keywords and "namespace_id" in body:
        namespace_id = body.pop("namespace_id")
        if namespace_id is not None:
            options["namespace"] = namespace_id
    return body, cast(CallOptions, options)


def runtime_options(options: CallOptions, headers: Optional[Mapping[str, str]] = None) -> RequestOptions:
    """The generated layer's options for one high-level call: records, and the caller's per-call options."""
    runtime: Dict[str, Any] = {"_as_records": True}
    if options.get("timeout") is not None:
        runtime["_request_timeout"] = options["timeout"]
    if options.get("max_retries") is not None:
        runtime["_max_retries"] = options["max_retries"]
    merged = {**(headers or {}), **(options.get("_headers") or {})}
    if merged:
        runtime["_headers"] = merged
    return cast("RequestOptions", runtime)


class ClientCore(GeneratedApis):
    """The state the resources of one `Mixpeek` client share: the generated APIs, whose `ApiClient`'s
    configuration owns the key and the default namespace (read at each call, never copied)."""

    @property
    def default_namespace(self) -> Optional[str]:
        """The configuration's namespace, read live: setting ``mp.api.configuration.namespace`` later
        changes what the next call sends."""
        return self.api_client.configuration.namespace

    def namespace(self, override: Optional[str] = None) -> Optional[str]:
        """The namespace a call sends as X-Namespace: the per-call value, else the client's default."""
        return override if override is not None else self.default_namespace

    def call(
        self,
        operation: Callable[..., Any],
        *args: Any,
        options: CallOptions,
        headers: Optional[Mapping[str, str]] = None,
        namespace: Optional[str] = None,
        scoped: bool = True,
        **params: Any,
    ) -> Any:
        """Call a generated operation for a high-level method and return its JSON records.

        ``namespace`` is the method's own choice of X-Namespace (a path's namespace, say); the caller's
        ``options["namespace"]`` wins over it, the client's default comes last. ``scoped=False`` is for
        organization-wide operations (no X-Namespace). ``headers`` are the method's own headers; the
        caller's ``_headers`` win over them.
        """
        if scoped:
            params["x_namespace"] = self.namespace(options.get("namespace") or namespace)
        with api_errors():
            return operation(*args, **params, **runtime_options(options, headers))


@contextmanager
def api_errors() -> Iterator[None]:
    """An `ApiException` leaving the block is re-raised as the `MixpeekAPIError` of its status family."""
    try:
        yield
    except MixpeekAPIError:
        raise
    except ApiException as error:
        raise as_api_error(error).with_traceback(error.__traceback__) from None


def converting(iterator: Iterator[ItemT]) -> Iterator[ItemT]:
    """``iterator``'s items, with HTTP errors raised while iterating turned into `MixpeekAPIError`."""
    with api_errors():
        yield from iterator


def build_request(model: type[ModelT], fields: Mapping[str, Any], *, caller: Callable[..., Any]) -> ModelT:
    """Validate keyword arguments into a generated request model before anything is sent.

    Keyword arguments are the schema's field names (attribute or wire spelling). Unknown names, at the top
    or inside a nested object, are refused, naming the fields of the model at that place, unless the schema
    itself accepts additional properties (the generated ``__open_schema__``, which the runtime checks too):
    the API answers 422 to undeclared fields, and a misspelt option should fail before sending rather than
    after. Every such mistake (unknown name, wrong type, missing field, bad enum value) raises
    `RequestValidationError`, also an `ApiTypeError` and an `ApiValueError` as earlier versions raised one
    or the other. Its message starts with the name of ``caller``, the bound high-level method the user
    called (``self.create``: ``Collections.create``), which is read only when a request is refused.
    """
    from mixpeek._runtime import validation

    given = {
        name: value
        for name, value in argument_mapping(fields, "request", caller=caller).items()
        if value is not None
    }
    refuse_unknown_fields(model, given, caller=caller)
    try:
        request = model.model_validate(given)
    except ValidationError as error:
        raise validation.invalid_argument(method_name(caller), "request", error, model) from error
    if validation.unknown_fields(request):
        validation.refuse_unknown_fields(request, method_name(caller), "request")
    return request


def argument_mapping(value: Any, argument: str, *, caller: Callable[..., Any]) -> dict[str, Any]:
    """A new dict of ``value``, an argument of ``caller`` that must be an object (``inputs``, ``filters``,
    ``metadata``...): a mapping, or a model (its fields by wire name). Anything else is refused with a
    `RequestValidationError` naming the method and the argument, rather than whatever ``dict()`` raises (a
    str gives "dictionary update sequence element..."), before anything is sent."""
    from pydantic import BaseModel

    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True)
    raise _not_a(argument, "an object (a dict)", value, caller)


def argument_list(value: Any, argument: str, *, caller: Callable[..., Any]) -> list[Any]:
    """A new list of ``value``, an argument of ``caller`` that must be a list (``stages``, ``document_ids``,
    ``interaction_type``...): any iterable but a str, bytes or mapping, which ``list()`` would silently turn
    into characters or keys. Anything else is refused as `argument_mapping` refuses."""
    return list(argument_iterable(value, argument, caller=caller))


def argument_iterable(value: Any, argument: str, *, caller: Callable[..., Any]) -> Iterable[Any]:
    """``value`` itself, not read, when it is an iterable that may stand for a list (not a str, bytes or
    mapping); anything else is refused as `argument_list` refuses."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise _not_a(argument, "a list", value, caller)
    return value


def argument_mappings(value: Any, argument: str, *, caller: Callable[..., Any]) -> list[dict[str, Any]]:
    """`argument_list` of objects: each item a new dict (`argument_mapping`, named ``argument[i]``)."""
    items = argument_list(value, argument, caller=caller)
    return [argument_mapping(item, f"{argument}[{index}]", caller=caller) for index, item in enumerate(items)]


def _not_a(argument: str, expected: str, value: Any, caller: Callable[..., Any]) -> RequestValidationError:
    return RequestValidationError(
        f"{method_name(caller)}: {argument} must be {expected}, not {type(value).__name__}; nothing was sent",
        [((argument,), f"expected {expected}")],
    )


def method_name(method: Callable[..., Any]) -> str:
    """``Class.method`` for a bound method (the class of the object it is bound to, so a subclass's name):
    how a refusal message names the high-level method that was called. A plain function is named alone."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", repr(method))
    return f"{type(owner).__name__}.{name}" if owner is not None else name


def refuse_unknown_keywords(
    given: Mapping[str, Any], allowed: Collection[str], *, caller: Callable[..., Any]
) -> None:
    """`RequestValidationError` naming ``caller`` when ``given`` (a method's free keyword arguments that are
    not request fields, such as its per-call options) holds a name outside ``allowed``: a misspelt option
    fails before sending instead of being ignored."""
    unknown = sorted(name for name in given if name not in allowed)
    if unknown:
        raise RequestValidationError(
            f"{method_name(caller)}: unexpected keyword argument(s) {unknown_names(unknown, allowed)}; "
            f"the keyword options are: {', '.join(sorted(allowed))}; nothing was sent",
            [((name,), "Unknown keyword") for name in unknown],
        )


def refuse_unknown_fields(
    model: type[BaseModel], given: Mapping[str, Any], *, caller: Callable[..., Any]
) -> None:
    """`RequestValidationError` naming ``caller`` when a key of ``given`` is not a field of ``model`` (by
    attribute or wire name), unless the schema accepts undeclared fields (``__open_schema__``). The message
    suggests the field each unknown name is closest to and lists the model's fields by their wire names,
    which is what the spec calls them."""
    refusal = _unknown_fields_refusal(model, given)
    if refusal:
        raise RequestValidationError(
            f"{method_name(caller)}: {refusal}; nothing was sent",
            [((name,), "Unknown field") for name in _unknown_fields(model, given)],
        )


def _unknown_fields(model: type[BaseModel], given: Mapping[str, Any]) -> list[str]:
    """The keys of ``given`` that are not fields of ``model`` (none for an open schema), sorted."""
    if getattr(model, "__open_schema__", False):
        return []
    known = key_index(model)
    return sorted(name for name in given if name not in known)


def _unknown_fields_refusal(model: type[BaseModel], given: Mapping[str, Any]) -> str:
    """``Model has no field(s) 'x' (did you mean 'y'?); its fields are: ...`` for the unknown keys of
    ``given``, or "" when there are none."""
    unknown = _unknown_fields(model, given)
    if not unknown:
        return ""
    wire_names = sorted(info.alias or name for name, info in model.model_fields.items())
    return (
        f"{model.__name__} has no field(s) {unknown_names(unknown, wire_names)}; "
        f"its fields are: {', '.join(wire_names)}"
    )


def required_name(
    value: Optional[str],
    field: str,
    what: str,
    *,
    model: type[BaseModel],
    given: Mapping[str, Any],
    caller: Callable[..., Any],
) -> str:
    """``value``, the name a ``create``/``clone`` method needs (``field``, such as ``collection_name``,
    described as ``what``: "the collection's name"), or `RequestValidationError` naming ``caller``.

    When it is missing, the method's other keyword arguments (``given``) are checked against ``model``
    first: a misspelt name (``colection_name=``) is the likeliest reason, so the message names it (with the
    field it is closest to) besides the missing name, rather than only asking for ``field``."""
    if value:
        return value
    message = f"{method_name(caller)}: {what} is missing: {field}='...'"
    problems: list[tuple[tuple[Any, ...], str]] = [((field,), "required, but not given")]
    unknown = _unknown_fields_refusal(model, given)
    if unknown:
        message += f"; {unknown}"
        problems += [((name,), "Unknown field") for name in _unknown_fields(model, given)]
    raise RequestValidationError(f"{message}; nothing was sent", problems)


def with_note(error: RequestValidationError, note: str) -> RequestValidationError:
    """``error`` with ``note`` (where a refused value came from) added before its closing "nothing was
    sent"; the same problems."""
    text = str(error)
    ending = "; nothing was sent"
    body = text[: -len(ending)] if text.endswith(ending) else text
    return RequestValidationError(f"{body} ({note}){ending}", error.errors)


def unknown_names(unknown: Collection[str], known: Collection[str]) -> str:
    """``'colour'`` for each unknown name, followed by `` (did you mean 'color'?)`` when a known name is
    close to it: how a refusal names a misspelt keyword or key."""
    shown = []
    for name in unknown:
        close = difflib.get_close_matches(name, list(known), n=1)
        shown.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    return ", ".join(shown)


def create_or_existing(
    create: Callable[[], Any],
    existing: Callable[[], Any],
    request: BaseModel,
    what: str,
    exist_ok: bool,
) -> Any:
    """``create()``, for the ``create(..., exist_ok=...)`` methods (notebook cells that run again).

    With ``exist_ok``, a 409 (already exists) fetches the resource (``existing()``) and returns it when every
    field the request sets has the same value there (objects compared key by key, so what the server adds
    does not count); otherwise `ExistsDifferentlyError` (the 409, naming each differing field) is raised.
    """
    if not exist_ok:
        return create()
    try:
        return create()
    except ConflictException as conflict:
        found = existing()
        wanted = request.model_dump(mode="json", by_alias=True, exclude_unset=True)
        differences = list(_differences(wanted, found, ""))
        if differences:
            raise exists_differently(conflict, what, differences, found) from None
        return found


def _differences(wanted: Any, found: Any, where: str) -> Iterator[str]:
    """``field: asked X, found Y`` for each value of ``wanted`` that ``found`` does not hold."""
    if isinstance(wanted, Mapping) and isinstance(found, Mapping):
        for key, value in wanted.items():
            yield from _differences(value, found.get(key), f"{where}.{key}" if where else str(key))
    elif isinstance(wanted, list) and isinstance(found, list) and len(wanted) == len(found):
        for index, (asked, held) in enumerate(zip(wanted, found)):
            yield from _differences(asked, held, f"{where}[{index}]")
    elif wanted != found:
        yield f"{where or 'value'}: asked {wanted!r}, found {found!r}"
