"""The numbers a dense vector may hold: finite, and small enough that every score stays finite.

Vectors are stored and searched as float32 (`vector_codec`, `vector_numpy`). A component beyond
`MAX_COMPONENT` in magnitude could make a dot product or a squared distance overflow float32 at the
largest dimension (65,536), and the score would be infinite or NaN; such vectors are refused with a 422,
as are NaN and infinite components and integers too large for a float.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from mixpeek.local.errors import ApiError
from mixpeek.local.validation import validation_failure

#: The largest magnitude of a vector component: 65,536 * (1e16)^2 * 4 stays below float32's 3.4e38.
MAX_COMPONENT = 1e16


def _component(value: Any) -> float:
    try:
        number = float(value)
    except OverflowError:
        return math.inf
    return number if abs(number) <= MAX_COMPONENT else math.nan


def checked_vector(values: Sequence[Any], where: str) -> list[float]:
    """The components as floats; 422 naming `where` when one is not finite or beyond `MAX_COMPONENT`."""
    numbers = [_component(value) for value in values]
    for position, number in enumerate(numbers):
        if not math.isfinite(number):
            raise _out_of_range(where, position)
    return numbers


def _out_of_range(where: str, position: int) -> ApiError:
    message = f"{where}: component {position} must be a finite number between -1e16 and 1e16"
    return validation_failure(message, [{"loc": [where, position], "msg": message, "type": "finite_number"}])
