"""Server-sent events from a streaming retriever execution, as typed objects.

With ``stream: true`` the API answers ``text/event-stream``: one ``data: {json}`` block per event
(``stage_start``, ``stage_complete``, ``stage_error``, then ``execution_complete`` or ``execution_error``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Optional, Union

from pydantic import PlainValidator
from typing_extensions import Annotated

from mixpeek import models
from mixpeek._runtime import jsontext, lenient
from mixpeek._runtime.model import MixpeekModel
from mixpeek._runtime.record import wrap
from mixpeek.api_client import deserialization_error, status_error
from mixpeek.records import RetrieverHitRecord

if TYPE_CHECKING:
    from mixpeek.rest import RESTResponse

#: Event types that end a stream.
FINAL_EVENT_TYPES = frozenset({"execution_complete", "execution_error"})
#: The SSE line endings: CRLF, a lone CR, a lone LF.
_LINE_BREAK = re.compile("\r\n|\r|\n")

#: One hit of an event's ``documents``: the `RetrieverHitRecord` a regular execution's result holds (a dict
#: whose keys also read as attributes, ``hit.score``, ``hit["payload"]``). Nothing is checked, so a hit
#: lacking a field, or holding more, never fails the stream; a hit that is not a JSON object stays as sent.
StreamedHit = Annotated[RetrieverHitRecord, PlainValidator(wrap)]


class RetrieverStreamEvent(MixpeekModel):
    """One event of a streaming execution; any other field the server sends is kept as well."""

    event_type: str
    execution_id: Optional[str] = None
    stage_name: Optional[str] = None
    stage_index: Optional[int] = None
    total_stages: Optional[int] = None
    documents: Optional[list[StreamedHit]] = None
    statistics: Optional[dict[str, Any]] = None
    budget_used: Optional[dict[str, Any]] = None
    error: Optional[str] = None

    @property
    def is_final(self) -> bool:
        """True for the event that ends the stream (complete or failed)."""
        return self.event_type in FINAL_EVENT_TYPES

    @property
    def result(self) -> Optional[models.ExecuteRetrieverResponse]:
        """For ``execution_complete``: the final `ExecuteRetrieverResponse` (None for other events).

        Servers put it either under ``result``/``response`` or directly in the event's fields.
        """
        if self.event_type != "execution_complete":
            return None
        extra = self.model_extra or {}
        nested = extra.get("result", extra.get("response"))
        source = (
            nested
            if isinstance(nested, dict)
            else self.model_dump(exclude={"event_type"}, exclude_none=True, warnings=False)
        )
        result: models.ExecuteRetrieverResponse = lenient.build(
            models.ExecuteRetrieverResponse,
            {"execution_id": self.execution_id or "", "status": "completed", **source},
        )
        return result


def parse_event_stream(lines: Iterable[Union[bytes, str]]) -> Iterator[RetrieverStreamEvent]:
    """Events from the lines of an SSE body (``event:``/``data:`` fields, blank line between events).

    Lines may end with CRLF, CR or LF, as the SSE format allows; an item of `lines` may hold several lines
    (or a whole body). A line holding a bare JSON object is accepted as a whole event too (newline-delimited
    JSON). An event whose fields do not match is decoded leniently (like any response); one that is not JSON
    raises `json.JSONDecodeError`.
    """
    data: list[str] = []
    name: Optional[str] = None
    for line in _split_lines(lines):
        if not line:
            if data:
                yield _event("\n".join(data), name)
            data, name = [], None
        elif line.startswith(":"):
            continue
        elif line.startswith("{") and not data:
            yield _event(line, None)
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                data.append(value)
            elif field == "event":
                name = value
    if data:
        yield _event("\n".join(data), name)


def _split_lines(items: Iterable[Union[bytes, str]]) -> Iterator[str]:
    """The lines of `items`, each item being a line (its own ending optional) or several lines."""
    for raw in items:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if text.endswith("\r\n"):
            text = text[:-2]
        elif text.endswith(("\r", "\n")):
            text = text[:-1]
        if "\r" in text or "\n" in text:
            yield from _LINE_BREAK.split(text)
        else:
            yield text


def _event(payload: str, name: Optional[str]) -> RetrieverStreamEvent:
    body: Any = jsontext.loads(payload)
    if not isinstance(body, dict):
        body = {"data": body}
    body.setdefault("event_type", body.get("type") or name or "message")
    event: RetrieverStreamEvent = lenient.build(RetrieverStreamEvent, body)
    return event


def events_of(response: RESTResponse) -> Iterator[RetrieverStreamEvent]:
    """The events of a streaming execution's response.

    A non-2xx status raises the SDK's `ApiException` for it. A server that answers with plain JSON instead
    of an event stream gives one ``execution_complete`` event carrying that response. A body or an event that
    is not JSON raises `ApiDeserializationError`.
    """
    if not 200 <= response.status < 300:
        raise status_error(response)
    content_type = str(response.headers.get("Content-Type") or "")
    try:
        if content_type.startswith("application/json"):
            yield _whole_response_event(jsontext.loads(response.data or b"{}"))
        else:
            yield from parse_event_stream(response.iter_lines())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        text = exc.doc if isinstance(exc, json.JSONDecodeError) else response.data.decode("utf-8", "replace")
        raise deserialization_error(response, text, content_type, exc) from exc


def _whole_response_event(result: Any) -> RetrieverStreamEvent:
    """The one event standing for a plain JSON answer to a streaming request."""
    event: RetrieverStreamEvent = lenient.build(
        RetrieverStreamEvent,
        {
            "event_type": "execution_complete",
            "execution_id": result.get("execution_id") if isinstance(result, dict) else None,
            "result": result,
        },
    )
    return event
