"""Decoding response bodies into the declared types: one strict pass, lenient fallback, clear failures."""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from pydantic import BaseModel, ValidationError

from mixpeek._runtime import jsontext, lenient, record
from mixpeek.exceptions import ApiDeserializationError

logger = logging.getLogger("mixpeek")

#: How much of an undecodable body goes into `ApiDeserializationError`.
SNIPPET_CHARS = 200


class Decoder:
    """Decodes the body of one declared response type (built once per operation and status).

    A declared model gets `Model.model_validate_json` (one pass, in pydantic-core); other types a cached
    `TypeAdapter(T).validate_json`. If the strict pass fails on JSON that is valid, the body is rebuilt
    leniently (see `lenient`). An empty body gives None. `None`, `bytes` and `str` types are not parsed.
    """

    __slots__ = ("type", "kind", "_validate_json")

    def __init__(self, declared: Any) -> None:
        self.type = declared
        self._validate_json: Optional[Callable[[bytes], Any]] = None
        if declared is None or declared is type(None):
            self.kind = "none"
        elif declared in (bytes, bytearray):
            self.kind = "bytes"
        elif declared is str:
            self.kind = "str"
        else:
            self.kind = "json"

    def _strict(self) -> Callable[[bytes], Any]:
        validate = self._validate_json
        if validate is None:
            declared = self.type
            if isinstance(declared, type) and issubclass(declared, BaseModel):
                validate = declared.model_validate_json
            else:
                validate = lenient.adapter(declared).validate_json
            self._validate_json = validate
        return validate

    def decode(self, data: bytes, response: Any, operation: str) -> Any:
        """The decoded body of `response` (anything with `status`, `reason` and `headers`).

        The response's headers are only consulted when the strict pass fails, to keep the common path short.
        """
        kind = self.kind
        if kind == "json":
            if not data or data.isspace():
                return None
            try:
                return self._strict()(data)
            except ValidationError:
                pass
            return self._fallback(data, response, operation)
        if kind == "none":
            return None
        if kind == "bytes":
            return data
        return data.decode("utf-8", "replace")

    def _fallback(self, data: bytes, response: Any, operation: str) -> Any:
        content_type = response.headers.get("Content-Type") or ""
        if "ndjson" in content_type:
            return self._decode_lines(data, response, operation)
        try:
            parsed = jsontext.loads(data)
        except ValueError as exc:
            text = data.decode("utf-8", "replace")
            if self.type in (Any, object) and "json" not in content_type:
                return text  # an untyped, non-JSON answer: hand the text over
            raise undecodable(text, content_type, response, operation) from exc
        logger.debug(
            "%s: the body does not match %s; decoding leniently",
            operation,
            getattr(self.type, "__name__", self.type),
        )
        return _lenient_or_raw(self.type, parsed)

    def _decode_lines(self, data: bytes, response: Any, operation: str) -> Any:
        """NDJSON: one JSON value per line, decoded as a list."""
        items = []
        for line in data.splitlines():
            if line.strip():
                try:
                    items.append(jsontext.loads(line))
                except ValueError as exc:
                    text = data.decode("utf-8", "replace")
                    raise undecodable(text, "application/x-ndjson", response, operation) from exc
        return _lenient_or_raw(self.type, items)


def decode_records(data: bytes, response: Any, operation: str) -> Any:
    """A 2xx body as plain JSON with every object a `Record` (no model validation): what the high-level
    client returns. An empty body gives None; NDJSON gives a list; a body that is not JSON raises."""
    if not data or data.isspace():
        return None
    content_type = response.headers.get("Content-Type") or ""
    try:
        if "ndjson" in content_type:
            return [record.loads(line) for line in data.splitlines() if line.strip()]
        return record.loads(data)
    except ValueError as exc:
        raise undecodable(data.decode("utf-8", "replace"), content_type, response, operation) from exc


def _lenient_or_raw(declared: Any, parsed: Any) -> Any:
    """The lenient rebuild; should even that fail (a broken model), the decoded JSON as is."""
    try:
        return lenient.build(declared, parsed)
    except Exception:  # a 2xx must never fail because of its body's shape
        logger.debug("lenient decoding failed; returning the decoded JSON", exc_info=True)
        return parsed


def undecodable(text: str, content_type: str, response: Any, operation: str) -> ApiDeserializationError:
    """The error for a 2xx body (`text`) that is not valid JSON; `response` has status, reason, headers."""
    snippet = " ".join(text[:SNIPPET_CHARS].split())
    message = (
        f"{operation} failed: HTTP {response.status} answer is not valid JSON "
        f"(Content-Type {content_type or 'missing'}): {snippet!r}"
    )
    return ApiDeserializationError(
        message,
        status=response.status,
        reason=response.reason,
        body=text,
        headers=response.headers,
        operation=operation,
    )
