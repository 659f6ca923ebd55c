"""`UnionWrapper`: the runtime form of a generated `oneOf`/`anyOf` schema.

A union schema has two jobs. In annotations, parsed responses and request bodies it is the plain union of its
members: a field typed `Config` holds a `FlatTaxonomyConfigInput`, never a wrapper, and nothing extra goes
over the wire. Code written against the published package also uses it as a class holding one member:
`Config(actual_instance=v)`, `Config.from_json(s)`, `Config.from_dict(d)`, `.actual_instance`, `.to_dict()`,
`.to_json()`, `.to_str()`.

One generated class gives both:

- its pydantic schema (`__get_pydantic_core_schema__`) is the members' union, so pydantic fields, bodies and
  responses validate to plain members; a wrapper given where the union is expected is unwrapped first (one
  that got into a model without validation still serializes as its member, with pydantic's warning);
- `isinstance(v, Config)` is true for a wrapper and for any value that is one of the members (the metaclass),
  so checks written against the published classes keep working on plain members;
- type checkers see the plain `Union` (the generated module defines the class only when not `TYPE_CHECKING`).
"""

from __future__ import annotations

import json
import pprint
import sys
import typing
from typing import Any, ClassVar, Optional, Tuple, Type, TypeVar, Union

from pydantic import GetCoreSchemaHandler, TypeAdapter, ValidationError
from pydantic_core import SchemaSerializer, core_schema
from typing_extensions import Annotated, Literal, get_args, get_origin

from mixpeek.exceptions import ApiTypeError, ApiValueError

WrapperT = TypeVar("WrapperT", bound="UnionWrapper")

_NOT_GIVEN: Any = object()

#: What `get_origin` gives for a union: `typing.Union`, and `X | Y` on Python 3.10+.
UNION_TYPES: Tuple[Any, ...] = (typing.Union,)
if sys.version_info >= (3, 10):
    import types as _types

    UNION_TYPES = (typing.Union, _types.UnionType)


def matches(value: Any, tp: Any) -> bool:
    """Whether `value` is of type `tp` (a member type expression): classes by `isinstance`, containers item
    by item, `Annotated` by its underlying type (constraints are the validator's business), `Any` always.

    A `float` member also takes an `int`, as type checkers and pydantic do.
    """
    if tp is Any or tp is object:
        return True
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is Annotated:
        return matches(value, args[0])
    if origin in UNION_TYPES:
        return any(matches(value, member) for member in args)
    if origin is Literal:
        return value in args
    if origin in (list, tuple, set, frozenset):
        return isinstance(value, origin) and all(matches(item, args[0] if args else Any) for item in value)
    if origin is dict:
        key_type, item_type = args if len(args) == 2 else (Any, Any)
        return isinstance(value, dict) and all(
            matches(key, key_type) and matches(item, item_type) for key, item in value.items()
        )
    if tp is float:
        return isinstance(value, (int, float))
    if tp is type(None) or tp is None:
        return value is None
    return isinstance(tp, type) and isinstance(value, tp)


def unwrap(value: Any) -> Any:
    """The member a wrapper holds; any other value as it is."""
    return value.actual_instance if isinstance(type(value), UnionMeta) else value


class UnionMeta(type):
    """Metaclass of the union classes: a member value is an instance of its union."""

    #: Set by each generated union class: the plain `Union` of its members.
    __union_type__: Any

    def __instancecheck__(cls, value: Any) -> bool:
        if type.__instancecheck__(cls, value):
            return True
        members = cls.__dict__.get("__union_type__")
        return members is not None and matches(value, members)


class UnionWrapper(metaclass=UnionMeta):
    """Base of the generated union classes. Subclasses set `__union_type__` to the `Union` of the members."""

    #: The plain union of the members (what fields of this type hold).
    __union_type__: ClassVar[Any]
    _adapter: ClassVar[Optional[TypeAdapter[Any]]] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """`X(v)` or `X(actual_instance=v)`: hold `v`, validated as one of the members (a dict becomes the
        member model it matches); `X()` holds None."""
        if len(args) > 1:
            raise ApiTypeError(f"{type(self).__name__}() takes at most one positional argument (the member)")
        if args and kwargs:
            raise ApiTypeError(f"{type(self).__name__}(): pass the member positionally or as actual_instance")
        unknown = sorted(set(kwargs) - {"actual_instance"})
        if unknown:
            raise ApiTypeError(f"{type(self).__name__}() got unexpected keyword arguments {unknown}")
        value = args[0] if args else kwargs.get("actual_instance", _NOT_GIVEN)
        self._actual_instance: Any = None
        if value is not _NOT_GIVEN:
            self.actual_instance = value

    # the held member ----------------------------------------------------------------------------------------
    @property
    def actual_instance(self) -> Any:
        """The member value this object holds."""
        return self._actual_instance

    @actual_instance.setter
    def actual_instance(self, value: Any) -> None:
        self._actual_instance = self._validate(value)

    @classmethod
    def members_adapter(cls) -> TypeAdapter[Any]:
        """The (cached) pydantic adapter of the members' union."""
        found = cls.__dict__.get("_adapter")
        if found is None:
            found = TypeAdapter(cls)
            cls._adapter = found
        return found

    @classmethod
    def _validate(cls, value: Any) -> Any:
        try:
            return cls.members_adapter().validate_python(value)
        except ValidationError as error:
            raise ApiValueError(
                f"{cls.__name__}: the value matches none of its members ({_member_names(cls)}): "
                f"{error.error_count()} validation errors, first: {error.errors()[0]['msg']}"
            ) from error

    # the published package's conversions -----------------------------------------------------------------
    @classmethod
    def from_dict(cls: Type[WrapperT], obj: Any) -> WrapperT:
        """Validate decoded JSON (a dict for model members, or a list or scalar) into one of the members."""
        return cls(actual_instance=obj)

    @classmethod
    def from_json(cls: Type[WrapperT], json_str: Union[str, bytes]) -> WrapperT:
        """Validate a JSON document into one of the members, as `from_dict` does with the decoded value (so
        both pick the same member)."""
        try:
            decoded = json.loads(json_str)
        except ValueError as error:
            raise ApiValueError(f"{cls.__name__}.from_json: not a JSON document ({error})") from error
        return cls(actual_instance=decoded)

    def to_dict(self) -> Any:
        """The member as plain data with wire names (models as dicts, leaving out None fields)."""
        return self.members_adapter().dump_python(self._actual_instance, by_alias=True, exclude_none=True)

    def to_json(self) -> str:
        """The member as JSON with wire names, leaving out None fields of models."""
        return (
            self.members_adapter()
            .dump_json(self._actual_instance, by_alias=True, exclude_none=True)
            .decode("utf-8")
        )

    def to_str(self) -> str:
        """A readable multi-line rendering of `to_dict()`."""
        return pprint.pformat(self.to_dict())

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, UnionWrapper)
        return bool(self._actual_instance == other._actual_instance)

    __hash__ = None  # type: ignore[assignment]  # mutable (actual_instance can be set)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(actual_instance={self._actual_instance!r})"

    # pydantic: the members' union --------------------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(unwrap, handler(cls.__union_type__))


def _member_names(cls: type) -> str:
    """The members' names, for messages: "FlatTaxonomyConfigInput, HierarchicalTaxonomyConfigInput"."""
    union = cls.__dict__.get("__union_type__")
    members: Tuple[Any, ...] = get_args(union) if get_origin(union) in UNION_TYPES else (union,)
    return ", ".join(_type_name(member) for member in members)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _serialize_member(wrapper: UnionWrapper) -> Any:
    return wrapper.actual_instance


#: How pydantic serializes a wrapper it meets where it expected a member (one set on a model without
#: validation, e.g. by assignment or `model_construct`): as the member it holds. Pydantic warns that the
#: value was not of the expected type, and the output is still the member's.
UnionWrapper.__pydantic_serializer__ = SchemaSerializer(  # type: ignore[attr-defined]
    core_schema.any_schema(serialization=core_schema.plain_serializer_function_ser_schema(_serialize_member))
)
