"""`MixpeekModel`: the base class of every generated model.

Models validate on construction (a request missing a required field raises, naming it) and keep fields the
spec does not know (`extra="allow"`), so a newer server never breaks an older SDK. They also behave like a
read-only mapping keyed by attribute or wire name (`obj["field"]`, `get`, `in`), as dict-style code written
against the API's JSON expects. Schemas are built on first use (`defer_build=True`) to keep imports fast.
"""

from __future__ import annotations

import pprint
from collections.abc import Mapping
from typing import Any, ClassVar, Dict, Optional, Type, TypeVar, Union, overload

from pydantic import BaseModel, ConfigDict

ModelT = TypeVar("ModelT", bound="MixpeekModel")

#: Per model class: every accepted key (attribute name and wire name) -> attribute name.
_KEY_INDEX: Dict[type, Dict[str, str]] = {}


def key_index(cls: type[BaseModel]) -> Dict[str, str]:
    """Every key a model accepts (attribute and wire name) -> its attribute name; built once per class."""
    index = _KEY_INDEX.get(cls)
    if index is None:
        index = {}
        for name, info in cls.model_fields.items():
            index[name] = name
            if info.alias:
                index[info.alias] = name
        _KEY_INDEX[cls] = index
    return index


class MixpeekModel(BaseModel):
    """Base of the generated models: lenient about unknown fields, usable like a read-only mapping.

    Method names reserved by this base (generated fields must not use them as attribute names):
    `get`, `to_dict`, `to_json`, `to_str`, `to_pandas`, `from_dict`, `from_json`.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        validate_assignment=False,
    )

    #: True when the schema itself admits properties beyond the declared ones (`additionalProperties`);
    #: the generator sets it. A request body built from any other model may not carry unknown fields: the
    #: runtime refuses them before sending (a misspelt field would otherwise be silently ignored).
    __open_schema__: ClassVar[bool] = False

    # mapping-style access ---------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        """The value of a field by attribute name or wire name, or of an unknown field the server sent."""
        name = key_index(type(self)).get(key)
        if name is not None:
            return getattr(self, name, None)
        extra = self.__pydantic_extra__
        if extra is not None and key in extra:
            return extra[key]
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        """`obj[key]`, or `default` when the model has no such field."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        """True for declared fields (attribute or wire name) and for unknown fields the server sent."""
        if not isinstance(key, str):
            return False
        if key in key_index(type(self)):
            return True
        extra = self.__pydantic_extra__
        return extra is not None and key in extra

    # display (rendered by mixpeek._runtime.display, imported on first use) --------------------------------
    def __repr__(self) -> str:
        """pydantic's repr, cut at `display.REPR_LIMIT` characters with a note of the rest."""
        from mixpeek._runtime import display

        return display.bounded(super().__repr__())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's text display: the class name and the pretty-printed `to_dict()` (bounded)."""
        from mixpeek._runtime import display

        text = f"{type(self).__name__}(...)" if cycle else f"{type(self).__name__} {self.to_str()}"
        display.pretty(printer, display.bounded(text))

    def _repr_html_(self) -> str:
        """A notebook's display: a table of the hits the model holds, else of its fields."""
        from mixpeek._runtime import display

        values = self.to_dict()
        if display.hits_of(values) is not None:
            return display.hits_html(type(self).__name__, display.hits_of(values) or [])
        return display.fields_html(type(self).__name__, values)

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the model's hits (one row each), else one row of its fields."""
        from mixpeek._runtime import frames

        return frames.record_frame(self.to_dict())

    # conversions (names of the published package) ---------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        """The model as a dict with wire names, leaving out fields that are None."""
        return self.model_dump(by_alias=True, exclude_none=True)

    def to_json(self) -> str:
        """The model as JSON with wire names, leaving out fields that are None."""
        return self.model_dump_json(by_alias=True, exclude_none=True)

    def to_str(self) -> str:
        """A readable multi-line rendering of `to_dict()`."""
        return pprint.pformat(self.to_dict())

    @overload
    @classmethod
    def from_dict(cls: Type[ModelT], obj: None) -> None: ...

    @overload
    @classmethod
    def from_dict(cls: Type[ModelT], obj: Union[Mapping[str, Any], ModelT]) -> ModelT: ...

    @classmethod
    def from_dict(cls: Type[ModelT], obj: Optional[Union[Mapping[str, Any], ModelT]]) -> Optional[ModelT]:
        """Validate a dict (wire or attribute names) into the model; `None` gives `None` (typed so that a
        dict gives the model, not an Optional)."""
        if obj is None:
            return None
        return cls.model_validate(obj)

    @classmethod
    def from_json(cls: Type[ModelT], json_str: Union[str, bytes]) -> Optional[ModelT]:
        """Validate a JSON document into the model; the JSON `null` gives `None`."""
        if json_str in ("null", b"null"):
            return None
        return cls.model_validate_json(json_str)
