"""Proxies from the environment, read the way requests and httpx read them.

- `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http URLs, `ALL_PROXY` for either when the specific one is
  unset; the lowercase spelling wins over the uppercase one when both are set; an empty value is unset; a
  proxy given without a scheme ("proxy:3128") is `http://`.
- `NO_PROXY` (comma-separated) exempts hosts: `*` exempts every host; a name exempts itself and its
  subdomains ("mixpeek.com" and ".mixpeek.com" both exempt "api.mixpeek.com", not "peek.com"); an IP address
  or network ("10.0.0.0/8", "::1") exempts the addresses in it; an entry with a port ("host:8443") exempts
  that port only.
- Under CGI (`REQUEST_METHOD` set), `HTTP_PROXY` is ignored: there it can come from a client's `Proxy:`
  header ("httpoxy"); `http_proxy` is still read.

`Configuration(trust_env=False)` turns all of this off, and a configured `proxy` always wins.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Optional, Tuple, Union
from urllib.parse import unquote

import urllib3

_Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]


def _variable(environ: Mapping[str, str], name: str) -> Optional[str]:
    """An environment variable, lowercase spelling first (the httpoxy rule for HTTP_PROXY under CGI)."""
    value = environ.get(name.lower())
    if not value and not (name == "HTTP_PROXY" and "REQUEST_METHOD" in environ):
        value = environ.get(name)
    value = (value or "").strip()
    return value or None


def proxy_for(url: str, environ: Mapping[str, str]) -> Optional[str]:
    """The proxy URL the environment gives for `url` (an http(s) base URL), or None to connect directly."""
    parsed = urllib3.util.parse_url(url)
    scheme = parsed.scheme or "http"
    proxy = _variable(environ, f"{scheme.upper()}_PROXY") or _variable(environ, "ALL_PROXY")
    if proxy is None or _bypassed(parsed.host or "", parsed.port, scheme, environ):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _bypassed(host: str, port: Optional[int], scheme: str, environ: Mapping[str, str]) -> bool:
    no_proxy = _variable(environ, "NO_PROXY")
    if not no_proxy:
        return False
    host = host.strip("[]").lower()
    port = port or (443 if scheme == "https" else 80)
    address = _address(host)
    for entry in (item.strip().lower() for item in no_proxy.split(",")):
        if entry and _matches(entry, host, port, address):
            return True
    return False


def _matches(entry: str, host: str, port: int, address: Optional[_Address]) -> bool:
    if entry == "*":
        return True
    name, wanted_port = _split_port(entry)
    if wanted_port is not None and wanted_port != port:
        return False
    if address is not None and ("/" in name or _address(name) is not None):
        try:
            return address in ipaddress.ip_network(name, strict=False)
        except ValueError:
            return False
    name = name.lstrip(".")
    return bool(name) and (host == name or host.endswith("." + name))


def _split_port(entry: str) -> Tuple[str, Optional[int]]:
    """("host", port) of "host:port" / "[v6]:port"; a bare IPv6 address has no port."""
    if entry.startswith("["):
        name, _, rest = entry[1:].partition("]")
        return name, int(rest[1:]) if rest[1:].isdigit() else None
    name, sep, port = entry.rpartition(":")
    if sep and port.isdigit() and ":" not in name:
        return name, int(port)
    return entry, None


def _address(text: str) -> Optional[_Address]:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def basic_auth_header(proxy_url: str) -> Optional[str]:
    """The Proxy-Authorization value for credentials in a proxy URL ("http://user:pass@host"), if any."""
    auth = urllib3.util.parse_url(proxy_url).auth
    if not auth:
        return None
    user, _, password = auth.partition(":")
    return str(
        urllib3.util.make_headers(proxy_basic_auth=f"{unquote(user)}:{unquote(password)}")[
            "proxy-authorization"
        ]
    )
