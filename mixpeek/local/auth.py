"""API-key checks: every request carries ``Authorization: Bearer <key>``.

By default any key that starts with ``sk_`` is accepted (the local server has no accounts); when the server
is given a list of keys, only those are.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Optional

from mixpeek.local.errors import ApiError

KEY_PREFIX = "sk_"


def authenticate(authorization: Optional[str], allowed_keys: Optional[Set[str]]) -> str:
    """The API key of a request; 401 when it is missing, malformed or not accepted."""
    if not authorization:
        raise ApiError(401, "Missing Authorization header: send 'Authorization: Bearer sk_...'")
    scheme, _, key = authorization.strip().partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise ApiError(401, "Malformed Authorization header: expected 'Bearer <api key>'")
    if allowed_keys is not None:
        if key not in allowed_keys:
            raise ApiError(401, "Invalid API key")
    elif not key.startswith(KEY_PREFIX):
        raise ApiError(401, f"Invalid API key: Mixpeek keys start with '{KEY_PREFIX}'")
    return key
