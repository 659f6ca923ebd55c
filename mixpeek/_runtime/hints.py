"""What an error adds so a person can act on it: where a call tried to connect, where its key came from,
how to set a namespace. One owner for these texts; `rest.transport_error` and `ApiClient` use them.
Nothing here ever shows a key, only its masked form (`secret.mask`).
"""

from __future__ import annotations

from typing import Optional

import urllib3

from mixpeek._runtime.secret import mask, shown_url

#: Host names that mean "this machine", where the server to reach is most likely the local Mixpeek server.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"})
#: Statuses after which a missing X-Namespace is worth pointing out.
NAMESPACE_STATUSES = frozenset({400, 401, 403, 404, 422})


def connect_hint(base_url: str) -> str:
    """What to check when nothing answers at ``base_url``: on this machine, whether the local server runs;
    elsewhere, the configured host."""
    base_url = shown_url(base_url)
    parsed = urllib3.util.parse_url(base_url) if base_url else None
    host = (parsed.host or "") if parsed is not None else ""
    if host in LOOPBACK_HOSTS or host.startswith("127."):
        return (
            f"Nothing is listening at {base_url}: start the local server (`python -m mixpeek.local`, or "
            "`mixpeek.local.start()`) or point MIXPEEK_BASE_URL / Configuration(host=...) at the running API."
        )
    return (
        f"Check the host ({base_url or 'not set'}; set it with MIXPEEK_BASE_URL or Configuration(host=...)), "
        "your network and any proxy settings (HTTPS_PROXY, NO_PROXY)."
    )


def key_hint(sent_token: Optional[str], configured_token: Optional[str], key_source: Optional[str]) -> str:
    """For a 401: which key was sent (masked) and where it came from, or that none was sent."""
    if not sent_token:
        return (
            "No API key was sent: pass api_key= to Mixpeek(...) or Configuration(...), "
            "or set MIXPEEK_API_KEY."
        )
    origin = (
        key_source if sent_token == configured_token and key_source else "the call's authorization argument"
    )
    return (
        f"The API key sent ({mask(sent_token)}) came from {origin}; check that it is valid for this host, "
        "or give another with api_key= or MIXPEEK_API_KEY."
    )


def namespace_hint() -> str:
    """For an error of an operation that needs a namespace but was sent none."""
    return (
        "No namespace was sent (X-Namespace): pass namespace= to Mixpeek(...) or Configuration(...), "
        "x_namespace= to the call, or set MIXPEEK_NAMESPACE."
    )
