"""Which ``Host`` a request may name: the local server's defence against DNS rebinding.

A web page on ``evil.example`` can make its name resolve to 127.0.0.1 and then script requests to the
local server; the browser still sends ``Host: evil.example``. So a request is served only when its Host is
a loopback name (``localhost``) or address (127.0.0.0/8, ``::1``), the address the server is bound to, or a
name allowed explicitly (``LocalServer(allow_hosts=...)``, ``--allow-host``). Anything else gets a 403;
a request without a Host header (required by HTTP/1.1) gets a 400. The wildcard bind addresses
(``0.0.0.0``, ``::``) are never accepted as a Host: browsers route ``0.0.0.0`` to the local machine.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Optional

from mixpeek.local.errors import ApiError

LOOPBACK_NAMES = frozenset({"localhost"})
_WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})


def host_name(value: str) -> str:
    """The name or address of a Host header or bind host, without port, brackets or trailing dot."""
    text = value.strip().lower()
    if text.startswith("["):
        return text[1 : text.find("]")] if "]" in text else text
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def _is_loopback(name: str) -> bool:
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_names(hosts: Iterable[str]) -> frozenset[str]:
    """The normalized names of configured hosts, wildcard bind addresses left out."""
    return frozenset(host_name(host) for host in hosts) - _WILDCARD_ADDRESSES


def check_host(header: Optional[str], allowed: Iterable[str]) -> None:
    """Raise 400 without a Host header, 403 when it names a host this server does not answer for."""
    if header is None or not header.strip():
        raise ApiError(400, "Missing Host header (required by HTTP/1.1)")
    name = host_name(header)
    if name in _WILDCARD_ADDRESSES or not (_is_loopback(name) or name in allowed_names(allowed)):
        raise ApiError(
            403,
            f"Host '{header.strip()}' is not served by this local server (a defence against DNS "
            f"rebinding); start it with --allow-host {name} (allow_hosts=[...]) to serve it",
            details={"host": header.strip()},
        )
