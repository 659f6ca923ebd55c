"""`Record`: a JSON object from the API as a real `dict` that also answers attribute access.

The high-level `Mixpeek` client returns records, as the published client did: code may treat a result as
the plain dict it is (``isinstance(r, dict)``, ``json.dumps(r)``, ``r == {...}``, ``r.get(...)``, slicing the
lists inside) or read it by attribute (``r.documents[0].document_id``). Nested objects, and the objects
inside lists, are records too. The typed shapes that type checkers see (``CollectionResponseRecord`` ...)
are generated into `mixpeek.records`; at run time every record is this one class, built straight from the
response bytes with no model validation, so whatever the server sent (unknown fields included) is kept.

Attribute access never shadows the dict's own methods: a field named ``items`` or ``keys`` is read as
``r["items"]``. Missing attributes raise `AttributeError` (so ``getattr(r, name, default)``, ``hasattr`` and
pickling behave), missing keys `KeyError`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple, Union

from typing_extensions import Self

from mixpeek._runtime import jsontext


class RecordBase(Dict[str, Any]):
    """Everything a record is except reading unknown attributes: the base type checkers see under the typed
    shapes of `mixpeek.records`, whose attributes are only the fields they declare (so a misspelt field is
    a type error). At run time every record is a `Record`, which adds attribute reads of any key."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, value in self.items():
            wrapped = wrap(value)
            if wrapped is not value:
                dict.__setitem__(self, key, wrapped)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, wrap(value))

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | {key for key in self if isinstance(key, str)})

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (dict(self),))

    def copy(self) -> Self:
        """A shallow copy that is still a record (of the same class)."""
        return type(self)(self)

    # display and data tools (rendered by mixpeek._runtime.display / frames, imported on first use) -------
    def __repr__(self) -> str:
        """The dict's own repr, cut at `display.REPR_LIMIT` characters with a note of the rest (equality and
        every dict operation still see the whole value)."""
        from mixpeek._runtime import display

        return display.bounded(dict.__repr__(self))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's text display: a table of the hits a result holds, else the pretty-printed dict."""
        from mixpeek._runtime import display

        display.pretty(printer, "{...}" if cycle else display.record_text(self))

    def _repr_html_(self) -> str:
        """A notebook's display: a table of the hits a result holds (id, score, first payload fields),
        else a table of the record's fields."""
        from mixpeek._runtime import display

        return display.record_html(self)

    def to_pandas(self) -> Any:
        """A pandas DataFrame: one row per hit when the record holds hits (``documents``/``results``),
        payload fields as columns; else one row of the record's fields. Needs pandas installed."""
        from mixpeek._runtime import frames

        return frames.record_frame(self)


class Record(RecordBase):
    """A JSON object: a plain ``dict`` whose keys are also readable and writable as attributes."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # protocols (copy, pickle, IPython) probe dunders: never a field
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(
                f"this {type(self).__name__} has no field {name!r} (its fields: {', '.join(map(str, self))})"
            ) from None


def wrap(value: Any) -> Any:
    """``value`` with every plain dict in it (at any depth, inside lists too) made a `Record`."""
    if type(value) is dict:
        return Record(value)
    if type(value) is list:
        return [wrap(item) for item in value]
    return value


def _from_pairs(pairs: List[Tuple[str, Any]]) -> Record:
    # json calls this innermost-first, so nested values are records already: skip Record.__init__'s pass
    record = Record()
    for key, value in pairs:
        dict.__setitem__(record, key, value)
    return record


def loads(data: Union[str, bytes, bytearray]) -> Any:
    """Decode JSON with every object as a `Record`; failures are `ValueError`, as in `jsontext.loads`."""
    return jsontext.loads(data, object_pairs_hook=_from_pairs)


__all__ = ["Record", "RecordBase", "loads", "wrap"]
