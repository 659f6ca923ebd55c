"""Walking the operations of a spec."""

from __future__ import annotations

from typing import Iterator, Tuple

from spec_builder.jsontypes import JsonObject

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: Header parameters the published specs declared per operation; ours uses security schemes instead.
CREDENTIAL_HEADERS = ("authorization", "x-namespace")


def iter_operations(paths: JsonObject) -> Iterator[Tuple[str, str, JsonObject]]:
    """(path, method, operation) for every operation, in document order."""
    for path, item in paths.items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation
