"""Write tokens, idempotency fingerprints and the optional read lag.

How the local server keeps the API's consistency promises, honestly:

* Writes are applied synchronously, under one lock, before the response is sent. So the *latest* state
  always includes every acknowledged write.
* Retriever executions without a write token may be served from a snapshot that lags by
  ``read_lag_seconds`` (default 0: no lag): documents written within the lag are seen as they were before.
  This reproduces the hosted API's eventual consistency when a test wants to see it. Direct reads (get or
  list a document) always see the latest state.
* A write token (``wt_...``) names the namespace and the write sequence number it came from and is signed
  with a per-data-directory secret. A read that presents one (``X-Write-Token`` header or the execute
  request's ``write_token``) is served from the latest state. A token that is malformed, was not issued by
  this server, or belongs to another namespace is a 400.
* Idempotency keys remember a fingerprint of the request body and the response: the same key with the same
  body returns the stored response without writing again; with a different body it is a 409.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Optional

from mixpeek.local.errors import bad_request

_TOKEN_PREFIX = "wt_"


def body_fingerprint(body: Any) -> str:
    """A stable hash of a JSON body (key order does not matter)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class WriteTokens:
    """Issues and verifies signed write tokens."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()[:24]

    def issue(self, namespace_id: str, sequence: int) -> str:
        """A token for a write to `namespace_id` that was given `sequence`."""
        payload = json.dumps({"ns": namespace_id, "seq": sequence}, separators=(",", ":")).encode()
        encoded = base64.urlsafe_b64encode(payload).decode().rstrip("=")
        return f"{_TOKEN_PREFIX}{encoded}.{self._signature(payload)}"

    def verify(self, token: str, namespace_id: str) -> int:
        """The sequence number a token carries; 400 when it is not a valid token for this namespace."""
        if not token.startswith(_TOKEN_PREFIX) or "." not in token:
            raise bad_request("Malformed write token: expected the write_token returned by an upsert")
        encoded, signature = token[len(_TOKEN_PREFIX) :].rsplit(".", 1)
        try:
            payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            claims = json.loads(payload)
            sequence = int(claims["seq"])
            token_namespace = str(claims["ns"])
        except (ValueError, KeyError, TypeError):
            raise bad_request(
                "Malformed write token: expected the write_token returned by an upsert"
            ) from None
        if not hmac.compare_digest(signature, self._signature(payload)):
            raise bad_request("Unknown write token: it was not issued by this server")
        if token_namespace != namespace_id:
            raise bad_request(
                f"Write token belongs to namespace '{token_namespace}', not '{namespace_id}'",
                token_namespace=token_namespace,
            )
        return sequence


@dataclass(frozen=True)
class PreviousVersion:
    """What a document looked like before a write: its record and dense vectors, or None if it was absent."""

    record: Optional[dict[str, Any]]
    vectors: Optional[dict[str, list[float]]]


class RecentWrites:
    """The writes of the last `lag` seconds of one corpus, so lagging reads can see the state before them."""

    def __init__(self, lag_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.lag_seconds = lag_seconds
        self._clock = clock
        self._entries: deque[tuple[float, str, PreviousVersion]] = deque()

    def record(self, document_id: str, previous: PreviousVersion) -> None:
        """Remember the version a write replaced (nothing is kept when there is no lag)."""
        if self.lag_seconds > 0:
            self._entries.append((self._clock(), document_id, previous))

    def hidden_versions(self) -> dict[str, PreviousVersion]:
        """For each document written within the lag: the version a lagging reader still sees."""
        if self.lag_seconds <= 0:
            return {}
        cutoff = self._clock() - self.lag_seconds
        while self._entries and self._entries[0][0] <= cutoff:
            self._entries.popleft()
        visible: dict[str, PreviousVersion] = {}
        for _, document_id, previous in self._entries:
            visible.setdefault(document_id, previous)
        return visible
