"""The one JSON type alias the builder uses: specs are plain decoded JSON objects."""

from typing import Any, Dict

JsonObject = Dict[str, Any]
