"""The published package's low-level request methods, on this SDK's transport.

Code written against the published (OpenAPI Generator) package sometimes builds requests itself:
`ApiClient.param_serialize(...)` returns (method, url, headers, body, post_params), `ApiClient.call_api(...)`
sends them and returns the undecoded response, and `ApiClient.response_deserialize(response, types_map)`
turns it into an `ApiResponse` (raising the `ApiException` family for an error status). The functions here
hold the pieces that are not the transport itself: building the URL and headers, turning a body or form
fields into bytes, splitting a URL into the client's base and target, and picking the declared type of a
status. The sending (retries, timeouts, error mapping) is `ApiClient`'s, shared with generated calls.

Differences from the published package, on purpose: list query values are exploded into repeated keys
(the published package sent the list's Python repr), path values are always fully percent-encoded, a GET or
HEAD never sends a body (as the published transport did), connection failures raise the SDK's
`ApiConnectionError`, and a 2xx body declared "str" is the body's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import urllib3

from mixpeek._runtime import serialize
from mixpeek._runtime.files import file_field
from mixpeek._runtime.plan import BODILESS_METHODS
from mixpeek.exceptions import ApiValueError

Params = Union[None, Mapping[str, Any], Sequence[Tuple[str, Any]]]
#: The published package's name for "the raw bytes" as a response type.
RAW_TYPES = ("bytearray", "bytes", "file")
LABEL = "ApiClient.call_api"


def pairs(params: Params) -> List[Tuple[str, Any]]:
    """(name, value) pairs from a dict or a sequence of pairs (the published package accepted both)."""
    if params is None:
        return []
    if isinstance(params, Mapping):
        return list(params.items())
    return [(str(name), value) for name, value in params]


def resolved_path(resource_path: str, path_params: Params) -> str:
    """`resource_path` with each "{name}" replaced by its value, percent-encoded with nothing safe."""
    for name, value in pairs(path_params):
        resource_path = resource_path.replace("{" + name + "}", serialize.path_segment(value))
    return resource_path


def query_suffix(query_params: Params) -> str:
    """ "?a=1&b=true" (empty without values): None omitted, lists repeated, booleans as true/false."""
    encoded: List[Tuple[str, str]] = []
    for name, value in pairs(query_params):
        serialize.add_query(encoded, name, value)
    return "?" + serialize.query_string(encoded) if encoded else ""


def header_text(headers: Params) -> Dict[str, str]:
    """Header values as text (booleans true/false, enums by value); CR/LF and bad names refused."""
    result: Dict[str, str] = {}
    for name, value in pairs(headers):
        if value is None:
            continue
        text = serialize.scalar_text(value)
        serialize.check_header(name, text)
        result[name] = text
    return result


def form_pairs(post_params: Params, files: Params) -> List[Tuple[str, Any]]:
    """The published post_params list: form values as given, then each file as (filename, bytes, type)."""
    result: List[Tuple[str, Any]] = [(name, serialize._jsonable(value)) for name, value in pairs(post_params)]
    for name, value in pairs(files):
        for item in value if isinstance(value, list) else [value]:
            result.append((name, file_field(item, name, LABEL)))
    return result


def auth_headers(
    names: Optional[Sequence[str]],
    settings: Mapping[str, Mapping[str, str]],
    request_auth: Optional[Mapping[str, Any]],
) -> Tuple[Dict[str, str], List[Tuple[str, str]]]:
    """(headers, query pairs) of the named security schemes, or of `request_auth` alone when given."""
    named = [settings[name] for name in names or () if name in settings]
    chosen: List[Mapping[str, Any]] = [request_auth] if request_auth else named
    headers: Dict[str, str] = {}
    query: List[Tuple[str, str]] = []
    for setting in chosen:
        where, key, value = setting.get("in", "header"), str(setting.get("key", "")), setting.get("value")
        if not key or value is None:
            continue
        if where == "query":
            query.append((key, str(value)))
        elif where == "header":
            headers[key] = str(value)
        else:
            raise ApiValueError(f"{LABEL}: authentication in {where!r} is not supported (header or query)")
    return headers, query


def request_body(method: str, headers: Dict[str, str], body: Any, post_params: Params) -> Optional[bytes]:
    """The bytes `call_api` sends, setting `Content-Type` in `headers` where the body decides it.

    Form fields go as multipart (or urlencoded when the Content-Type says so); bytes and text as they are;
    anything else as JSON. A GET or HEAD sends nothing.
    """
    if method.upper() in BODILESS_METHODS:
        return None
    name, content_type = _content_type(headers)
    fields = pairs(post_params)
    if fields:
        form = serialize.form_fields([(key, value, serialize.PLAIN) for key, value in fields], LABEL)
        if "x-www-form-urlencoded" in content_type:
            return serialize.urlencoded_body(form)
        data, multipart_type = serialize.multipart_body(form)
        headers[name or "Content-Type"] = multipart_type  # with its boundary
        return data
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str) and "json" not in content_type:
        return body.encode("utf-8")
    if not content_type:
        headers["Content-Type"] = "application/json"
    return serialize.json_text(body).encode("utf-8")


def _content_type(headers: Mapping[str, str]) -> Tuple[Optional[str], str]:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return name, value.lower()
    return None, ""


def split_url(url: str, host: str) -> Tuple[str, str]:
    """(base URL, target) of a full URL: the configured host when it is a prefix, else the URL's origin."""
    if url.startswith(host) and url[len(host) : len(host) + 1] in ("", "/", "?"):
        return host, url[len(host) :] or "/"
    parsed = urllib3.util.parse_url(url)
    if not parsed.host or parsed.scheme not in ("http", "https"):
        raise ApiValueError(f"{LABEL}: invalid URL {url!r}: expected http(s)://host[:port]/path")
    origin = f"{parsed.scheme}://{parsed.netloc}"
    return origin, url[len(origin) :] or "/"


def response_type(types_map: Optional[Mapping[str, Any]], status: int) -> Any:
    """The declared type of a status: its exact code, else its class ("2XX"), else None."""
    if not types_map:
        return None
    found = types_map.get(str(status))
    if found is None:
        found = types_map.get(f"{status // 100}XX")
    return found


__all__ = [
    "LABEL",
    "RAW_TYPES",
    "auth_headers",
    "form_pairs",
    "header_text",
    "pairs",
    "query_suffix",
    "request_body",
    "resolved_path",
    "response_type",
    "split_url",
]
