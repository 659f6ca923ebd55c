"""pandas DataFrames from SDK results (pandas is optional: imported only here, and only when asked for).

A result holding hits (``documents``/``results``) becomes one row per hit, with the payload's fields lifted
into columns (see `display.flat_row`); any other record becomes a single row of its fields.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any

from mixpeek._runtime import display


def pandas() -> Any:
    """The pandas module, or an ImportError that says how to install it."""
    try:
        return importlib.import_module("pandas")
    except ImportError as error:
        raise ImportError("to_pandas() needs pandas, which is not installed: pip install pandas") from error


def frame(items: Iterable[Any]) -> Any:
    """A DataFrame with one row per item (hit, listed object), payload fields as columns."""
    module = pandas()
    return module.DataFrame([display.flat_row(item) for item in display.as_mappings(items)])


def record_frame(value: Mapping[str, Any]) -> Any:
    """A record as a DataFrame: its hits when it holds some, else one row of its fields."""
    hits = display.hits_of(value)
    return frame(hits if hits is not None else [value])
