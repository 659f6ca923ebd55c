"""Packing a document's dense vectors into one compact blob (float32, little-endian) and back.

Layout, repeated per vector: name length (uint16), name (UTF-8), dimension (uint32), the floats.
A blob is about four bytes per float, against twenty as JSON text.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Mapping, Sequence

_HEADER = struct.Struct("<H")
_DIMENSION = struct.Struct("<I")


def pack_vectors(vectors: Mapping[str, Sequence[float]]) -> bytes:
    """Encode named dense vectors as one blob."""
    parts: list[bytes] = []
    for name, values in vectors.items():
        encoded = name.encode("utf-8")
        floats = array("f", values)
        if sys.byteorder != "little":
            floats.byteswap()
        parts += [_HEADER.pack(len(encoded)), encoded, _DIMENSION.pack(len(floats)), floats.tobytes()]
    return b"".join(parts)


def unpack_vectors(blob: bytes) -> dict[str, list[float]]:
    """Decode a blob made by `pack_vectors`."""
    vectors: dict[str, list[float]] = {}
    position = 0
    while position < len(blob):
        (name_length,) = _HEADER.unpack_from(blob, position)
        position += _HEADER.size
        name = blob[position : position + name_length].decode("utf-8")
        position += name_length
        (dimension,) = _DIMENSION.unpack_from(blob, position)
        position += _DIMENSION.size
        floats = array("f")
        floats.frombytes(blob[position : position + 4 * dimension])
        if sys.byteorder != "little":
            floats.byteswap()
        position += 4 * dimension
        vectors[name] = floats.tolist()
    return vectors
