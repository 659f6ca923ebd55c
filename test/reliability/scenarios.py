"""The fault scenarios: one row per bad day, with exactly what the SDK must do about it.

Each row names a call made through the generated `CollectionsApi` (so the whole stack runs), the faults the
server answers its attempts with (once the script runs out the server answers 200), and the expected
outcome: the result ("ok") or the exception class, the number of attempts, the waits the retry policy
slept (on a fake clock, jitter off) and, for writes, how many times the server applied the body.

`python -m test.reliability.scenarios` prints the table as Markdown; docs/reliability.md carries the same
table, and a test keeps the two identical.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any, Optional, Union

from mixpeek.exceptions import (
    ApiConnectionError,
    ApiDeserializationError,
    ApiException,
    ApiTimeoutError,
    NotFoundException,
    ServiceException,
    TooManyRequestsException,
)
from test.reliability.faults import (
    ANSWER,
    Fault,
    answer,
    close_without_answer,
    cut_in_headers,
    cut_in_status_line,
    cut_mid_body,
    drip_body,
    drip_headers,
    reset_after_read,
    reset_before_read,
    slow_answer,
    stall_mid_body,
)
from test.support.clock import FakeClock

#: The calls a scenario can make (see `test_fault_scenarios.CALLS`).
GET = "GET collection"
LIST = "POST collections/list"
CREATE = "POST collections"
CREATE_KEYED = "POST collections + key"
WRITES = (CREATE, CREATE_KEYED)

OK = "ok"
REFUSED = "refused"
UNREACHABLE = "unreachable"
T0 = FakeClock().now  # the fake clock's start: HTTP dates are written relative to it
SLOW = 2.0  # seconds a slow answer takes; the read timeout of those rows is 0.5 s (a wide margin both ways)
READ_TIMEOUT = 0.5

COLLECTION = {
    "collection_id": "col_1",
    "collection_name": "sample",
    "feature_extractor": {"feature_extractor_name": "text", "version": "v1", "feature_extractor_id": "fe"},
    "source": {"type": "bucket"},
}
COLLECTION_BYTES = json.dumps(COLLECTION).encode()
OK_BODIES: Mapping[str, Any] = {
    GET: COLLECTION,
    LIST: {"results": [COLLECTION], "pagination": {}},
    CREATE: COLLECTION,
    CREATE_KEYED: COLLECTION,
}
#: 10 MB of zeros compressed twice (a few KB on the wire) and labelled `Content-Encoding: gzip, gzip`.
GZIP_BOMB = gzip.compress(gzip.compress(b"\0" * 10_000_000, 9), 9)
BOMB_LIMIT = 1_000_000  # max_response_bytes in the bomb row: a tenth of what the bomb expands to
#: A valid collection padded to 4,096 bytes of JSON, for the size-limit row (limit 1,024 bytes).
BIG_COLLECTION = json.dumps({**COLLECTION, "pad": "x" * (4096 - len(COLLECTION_BYTES) - 10)}).encode()
DRIP_TIMEOUT = 0.6  # the read timeout of the dripped rows: three dripped bytes, well under the 1.6 s drip
HTML_502 = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"

Outcome = Union[str, type[Exception]]


@dataclass(frozen=True)
class Scenario:
    """One row of the table."""

    name: str
    call: str
    faults: tuple[Fault, ...]
    outcome: Outcome
    attempts: int
    waits: tuple[float, ...]
    applied: Optional[int] = None  # writes only: times the server applied the body
    settings: Mapping[str, Any] = field(default_factory=dict)  # Configuration(...) overrides
    policy: Mapping[str, Any] = field(default_factory=dict)  # RetryPolicy(...) overrides
    options: Mapping[str, Any] = field(default_factory=dict)  # per-call options (_max_retries, ...)
    target: str = "server"  # "server", REFUSED (nothing listens) or UNREACHABLE (connects time out)


def error_body(**fields: Any) -> bytes:
    """A JSON error body in the API's shape, with extra fields inside "error"."""
    return json.dumps({"error": {"message": "busy", "type": "unavailable", **fields}}).encode()


def status(code: int, retry_after: Optional[str] = None, body: Optional[bytes] = None, **kw: Any) -> Fault:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return answer(code, error_body() if body is None else body, headers, **kw)


def _family(code: int) -> type[ApiException]:
    if code == 429:
        return TooManyRequestsException
    return ServiceException if code >= 500 else ApiException


HTTP_DATE_PLUS_7 = formatdate(T0 + 7, usegmt=True)
BACKOFF = (0.5, 1.0)  # the default waits: 0.5 s doubling, two retries


def _status_rows() -> list[Scenario]:
    rows: list[Scenario] = []
    for code in (408, 429, 500, 502, 503, 504):
        rows += [
            Scenario(f"{code}, no hint", GET, (status(code),) * 3, _family(code), 3, BACKOFF),
            Scenario(f"{code}, Retry-After seconds", GET, (status(code, "3"),), OK, 2, (3.0,)),
            Scenario(
                f"{code}, Retry-After HTTP date", GET, (status(code, HTTP_DATE_PLUS_7),) * 3,
                _family(code), 3, (7.0, 0.0),
            ),
        ]
    return rows


SCENARIOS: tuple[Scenario, ...] = (
    *_status_rows(),
    Scenario("404 is not retried", GET, (status(404),), NotFoundException, 1, ()),
    # hints in the body
    Scenario("503, retryable: false", GET, (status(503, body=error_body(retryable=False)),),
             ServiceException, 1, ()),
    Scenario("429, retry_after_seconds", GET, (status(429, body=error_body(retry_after_seconds=4)),),
             OK, 2, (4.0,)),
    Scenario("503, top-level retry_after_seconds", GET,
             (status(503, body=b'{"detail": "busy", "retry_after_seconds": 1.5}'),), OK, 2, (1.5,)),
    Scenario("503, Retry-After beats the body hint", GET,
             (status(503, "2", error_body(retry_after_seconds=9)),), OK, 2, (2.0,)),
    Scenario("503, unreadable Retry-After: backoff", GET, (status(503, "soon"),), OK, 2, (0.5,)),
    # connections that break
    Scenario("reset before read", GET, (reset_before_read(),), OK, 2, (0.5,)),
    Scenario("reset before read", LIST, (reset_before_read(),), OK, 2, (0.5,)),
    Scenario("reset before read", CREATE, (reset_before_read(),), ApiConnectionError, 1, (), applied=0),
    Scenario("reset before read", CREATE_KEYED, (reset_before_read(),), OK, 2, (0.5,), applied=1),
    Scenario("reset after read", GET, (reset_after_read(),), OK, 2, (0.5,)),
    Scenario("reset after read", LIST, (reset_after_read(),), OK, 2, (0.5,)),
    Scenario("reset after read", CREATE, (reset_after_read(),), ApiConnectionError, 1, (), applied=1),
    Scenario("reset after read", CREATE_KEYED, (reset_after_read(),), OK, 2, (0.5,), applied=1),
    Scenario("reset after read, every time", GET, (reset_after_read(),) * 3, ApiConnectionError, 3, BACKOFF),
    Scenario("closed without answer", GET, (close_without_answer(),), OK, 2, (0.5,)),
    Scenario("closed without answer", LIST, (close_without_answer(),), OK, 2, (0.5,)),
    Scenario("closed without answer", CREATE, (close_without_answer(),), ApiConnectionError, 1, (),
             applied=1),
    Scenario("closed without answer", CREATE_KEYED, (close_without_answer(),), OK, 2, (0.5,), applied=1),
    Scenario("connection refused", GET, (), ApiConnectionError, 3, BACKOFF, target=REFUSED),
    Scenario("connection refused (nothing sent)", CREATE, (), ApiConnectionError, 3, BACKOFF, applied=0,
             target=REFUSED),
    Scenario("connect timeout (nothing sent)", CREATE, (), ApiTimeoutError, 3, BACKOFF, applied=0,
             settings={"connect_timeout": 0.3}, target=UNREACHABLE),
    # answers slower than the read timeout (configured, or per call)
    Scenario("slow answer, every time", GET, (slow_answer(200, b"{}", SLOW),) * 3, ApiTimeoutError, 3,
             BACKOFF, settings={"read_timeout": READ_TIMEOUT}),
    Scenario("slow answer once", GET, (slow_answer(200, b"{}", SLOW),), OK, 2, (0.5,),
             options={"_request_timeout": (2.0, READ_TIMEOUT)}),
    Scenario("slow answer", CREATE, (slow_answer(200, b"{}", SLOW),), ApiTimeoutError, 1, (), applied=1,
             options={"_request_timeout": (2.0, READ_TIMEOUT)}),
    Scenario("slow answer", CREATE_KEYED, (slow_answer(200, b"{}", SLOW),), OK, 2, (0.5,), applied=1,
             options={"_request_timeout": (2.0, READ_TIMEOUT)}),
    # answers broken off in the middle of the body
    Scenario("cut mid-body", GET, (cut_mid_body(COLLECTION_BYTES),), OK, 2, (0.5,)),
    Scenario("cut mid-body", CREATE, (cut_mid_body(COLLECTION_BYTES),), ApiConnectionError, 1, (), applied=1),
    Scenario("cut mid-body", CREATE_KEYED, (cut_mid_body(COLLECTION_BYTES),), OK, 2, (0.5,), applied=1),
    Scenario("stall mid-body, every time", GET, (stall_mid_body(COLLECTION_BYTES, SLOW),) * 3,
             ApiTimeoutError, 3, BACKOFF, settings={"read_timeout": READ_TIMEOUT}),
    Scenario("stall mid-body", CREATE, (stall_mid_body(COLLECTION_BYTES, SLOW),), ApiTimeoutError, 1, (),
             applied=1, settings={"read_timeout": READ_TIMEOUT}),
    # the wait budget
    Scenario("Retry-After beyond the 60 s budget", GET, (status(503, "120"),), ServiceException, 1, ()),
    Scenario("budget 5 s spent after one wait", GET, (status(503, "4"),) * 3, ServiceException, 2, (4.0,),
             policy={"max_total_wait": 5.0}),
    # storms
    Scenario("503 storm, write applied each time", CREATE_KEYED, (status(503, applies=True),) * 2, OK, 3,
             BACKOFF, applied=1),
    Scenario("503 storm, write applied each time", CREATE, (status(503, applies=True),) * 2, OK, 3,
             BACKOFF, applied=3),
    Scenario("503 storm, max_retries=6: backoff capped at 8 s", GET, (status(503),) * 7, ServiceException, 7,
             (0.5, 1.0, 2.0, 4.0, 8.0, 8.0), settings={"max_retries": 6}),
    # not JSON
    Scenario("502 HTML page, every time", GET, (status(502, body=HTML_502, content_type="text/html"),) * 3,
             ServiceException, 3, BACKOFF),
    Scenario("502 HTML page once", CREATE_KEYED, (status(502, body=HTML_502, content_type="text/html"),),
             OK, 2, (0.5,), applied=1),
    # turning retries off, or up
    Scenario("_max_retries=0, 503", GET, (status(503),), ServiceException, 1, (),
             options={"_max_retries": 0}),
    Scenario("_max_retries=0, reset", GET, (reset_after_read(),), ApiConnectionError, 1, (),
             options={"_max_retries": 0}),
    Scenario("max_retries=0 configured, 503", GET, (status(503),), ServiceException, 1, (),
             settings={"max_retries": 0}),
    Scenario("_max_retries=4, 503 storm", GET, (status(503),) * 5, ServiceException, 5,
             (0.5, 1.0, 2.0, 4.0), options={"_max_retries": 4}),
    # answers cut off before the body: an error, never an empty success
    Scenario("cut inside the status line", GET, (cut_in_status_line(),), OK, 2, (0.5,)),
    Scenario("cut inside the status line", CREATE, (cut_in_status_line(),), ApiConnectionError, 1, (),
             applied=1),
    Scenario("cut inside the headers", GET, (cut_in_headers(),), OK, 2, (0.5,)),
    Scenario("cut inside the headers", CREATE, (cut_in_headers(),), ApiConnectionError, 1, (), applied=1),
    # slow drips: every byte comes before the read timeout, the whole answer does not
    Scenario("headers dripped, a byte every 0.2 s", GET, (drip_headers(COLLECTION_BYTES),), OK, 2, (0.5,),
             settings={"read_timeout": DRIP_TIMEOUT}),
    Scenario("body dripped, a byte every 0.2 s", CREATE, (drip_body(COLLECTION_BYTES),), ApiTimeoutError, 1,
             (), applied=1, settings={"read_timeout": DRIP_TIMEOUT}),
    # the call's overall deadline, across attempts and waits
    Scenario("slow answer after a retry, past the call deadline", GET,
             (status(503, "0"), slow_answer(200, COLLECTION_BYTES, SLOW)), ApiTimeoutError, 2, (0.0,),
             settings={"total_timeout": 0.8}),
    # answer size and content codings
    Scenario("answer over max_response_bytes", GET, (answer(200, BIG_COLLECTION),), ApiDeserializationError,
             1, (), settings={"max_response_bytes": 1024}),
    Scenario("gzip answer (asked for)", GET,
             (answer(200, gzip.compress(COLLECTION_BYTES), {"Content-Encoding": "gzip"}),), OK, 1, ()),
    Scenario("gzip, gzip bomb", GET, (answer(200, GZIP_BOMB, {"Content-Encoding": "gzip, gzip"}),),
             ApiDeserializationError, 1, (), settings={"max_response_bytes": BOMB_LIMIT}),
    Scenario("coding not asked for (br)", GET, (answer(200, b"\x1b\x00", {"Content-Encoding": "br"}),),
             ApiDeserializationError, 1, ()),
    # hostile hints
    Scenario("503, 400-digit retry_after_seconds", GET,
             (status(503, body=error_body(retry_after_seconds=10**399)),), ServiceException, 1, ()),
)


# the table as Markdown -----------------------------------------------------------------------------------
def _fault_text(fault: Fault) -> str:
    if fault.kind != ANSWER:
        return fault.kind
    headers = dict(fault.headers)
    text = str(fault.status)
    if "Retry-After" in headers:
        value = headers["Retry-After"]
        text += " Retry-After: " + ("date +7 s" if value == HTTP_DATE_PLUS_7 else value)
    if "Content-Encoding" in headers:
        expanded = len(gzip.decompress(gzip.decompress(fault.body))) if fault.body == GZIP_BOMB else None
        text += f" Content-Encoding: {headers['Content-Encoding']}"
        text += f" ({expanded // 1_000_000} MB once decoded)" if expanded else ""
    elif fault.body.startswith(b"<"):
        text += " HTML"
    elif len(fault.body) > 1024:
        text += f" ({len(fault.body):,}-byte body)"
    else:
        hints = {k: v for k, v in json.loads(fault.body or b"{}").get("error", {}).items() if "retr" in k}
        hints.update({k: v for k, v in json.loads(fault.body or b"{}").items() if "retr" in k})
        text += "".join(f" {k}: {_hint_text(v)}" for k, v in hints.items())
    return text + (" (applied)" if fault.applies else "")


def _hint_text(value: Any) -> str:
    text = json.dumps(value)
    return f"<{len(text)} digits>" if len(text) > 20 else text


def script_text(scenario: Scenario) -> str:
    """The server's script in words: runs of equal faults as "fault ×n", then the 200 if it is reached."""
    if scenario.target == REFUSED:
        return "nothing listening"
    if scenario.target == UNREACHABLE:
        return "accept queue full"
    parts: list[str] = []
    index = 0
    faults = scenario.faults
    while index < len(faults):
        run = 1
        while index + run < len(faults) and faults[index + run] == faults[index]:
            run += 1
        parts.append(_fault_text(faults[index]) + (f" ×{run}" if run > 1 else ""))
        index += run
    if scenario.attempts > len(faults):
        parts.append("200")
    return ", ".join(parts)


def _settings_text(scenario: Scenario) -> str:
    pairs = {**scenario.settings, **scenario.policy, **scenario.options}
    return ", ".join(f"{k}={v}" for k, v in pairs.items())


def outcome_text(outcome: Outcome) -> str:
    return outcome if isinstance(outcome, str) else outcome.__name__


def markdown_table() -> str:
    """The scenario table as Markdown, one row per scenario."""
    lines = [
        "| # | scenario | call | server answers | settings | outcome | attempts | waits (s) | applied |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(SCENARIOS, 1):
        waits = ", ".join(f"{w:g}" for w in row.waits) or "-"
        applied = "-" if row.applied is None else str(row.applied)
        lines.append(
            f"| {number} | {row.name} | {row.call} | {script_text(row)} | {_settings_text(row)} | "
            f"{outcome_text(row.outcome)} | {row.attempts} | {waits} | {applied} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
