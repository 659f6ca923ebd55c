"""Runs a table of SDK calls against a recording server and prints, per call, what came back (one JSON line).

    python differential_driver.py CALLS.json SERVER_URL
    python differential_driver.py --client-methods

It runs under two interpreters: the published ``mixpeek`` 1.3.783's (started from a directory outside the
checkout, so that our package does not shadow it) and ours. It imports nothing but the standard library and
``mixpeek``, and it treats both packages alike: whatever differs in the output is a difference between them.

Before each call it announces the call's index to the server (``POST /__difftest__/begin/<index>``, sent
with ``http.client``, not through the SDK), so that the server can file the requests that follow under that
call and answer them with the call's canned responses.

Argument values in the table are JSON, with four markers that the driver turns into Python values:
``{"__model__": "Name", "data": {...}}`` becomes ``Name.from_dict(data)`` (the class taken from
``mixpeek``), ``{"__datetime__": "ISO text"}`` a ``datetime``, ``{"__bytes__": "text"}`` UTF-8 bytes and
``{"__file__": ["name", "text"]}`` a ``(name, bytes)`` tuple.

Each output line holds the call's ``id`` and either ``result`` (the shape of what the call returned: type,
JSON round trip, a plain-data view, and attribute and key access along a few paths into that data) or
``error`` (the exception's type name, its ``status`` and which of the packages' exception families it belongs
to).
"""

from __future__ import annotations

import datetime
import enum
import http.client
import json
import sys
import urllib.parse
from typing import Any, Callable

#: Credentials both sides send; the server never checks them.
API_KEY = "sk_difftest"
NAMESPACE = "ns_difftest"
#: How many top-level fields of a result are read by attribute and by key.
PROBED_FIELDS = 4


def announce(server_url: str, index: int) -> None:
    """Tell the server that the requests that follow belong to call ``index``."""
    parts = urllib.parse.urlsplit(server_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        connection.request("POST", f"/__difftest__/begin/{index}", body=b"")
        connection.getresponse().read()
    finally:
        connection.close()


def materialise(value: Any, mixpeek: Any) -> Any:
    """The Python value a table entry stands for (see the module docstring for the markers)."""
    if isinstance(value, list):
        return [materialise(item, mixpeek) for item in value]
    if not isinstance(value, dict):
        return value
    if "__model__" in value:
        model = getattr(mixpeek, value["__model__"], None) or getattr(mixpeek.models, value["__model__"])
        return model.from_dict(value["data"])
    if "__datetime__" in value:
        return datetime.datetime.fromisoformat(value["__datetime__"])
    if "__bytes__" in value:
        return value["__bytes__"].encode("utf-8")
    if "__file__" in value:
        name, text = value["__file__"]
        return (name, text.encode("utf-8"))
    return {key: materialise(item, mixpeek) for key, item in value.items()}


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-able view of ``value``: models through ``to_dict()``, dates as ISO text, enums by value."""
    if depth > 30:
        return "<too deep>"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value, depth + 1)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return {"<bytes>": value.decode("utf-8", errors="replace")}
    if isinstance(value, dict):
        return {str(key): plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item, depth + 1) for item in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        try:
            return plain(to_dict(), depth + 1)
        except Exception as error:  # noqa: BLE001 - the failure is the observation
            return {"<to_dict failed>": type(error).__name__}
    return {"<object>": type(value).__name__}


def described(value: Any) -> dict[str, Any]:
    """The type and plain-data view of one value."""
    return {"type": type(value).__name__, "is_dict": isinstance(value, dict), "value": plain(value)}


def attempt(read: Callable[[Any, list[Any]], Any], value: Any, path: list[Any]) -> dict[str, Any]:
    """``described(read(value, path))``, or the type of the exception it raised."""
    try:
        return described(read(value, path))
    except Exception as error:  # noqa: BLE001 - the failure is the observation
        return {"raises": type(error).__name__}


def by_attribute(value: Any, path: list[Any]) -> Any:
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


def by_key(value: Any, path: list[Any]) -> Any:
    for step in path:
        value = value[step]
    return value


def probes_for(data: Any) -> list[list[Any]]:
    """Paths into a result's plain data that are read by attribute and by key: a few top-level fields, and one
    step into the first nested object or list item, if any (with the field that holds it)."""
    if isinstance(data, list):
        return [[0]] + [[0, *path] for path in probes_for(data[0])[:2]] if data else []
    if not isinstance(data, dict):
        return []
    paths: list[list[Any]] = [[key] for key in sorted(data)[:PROBED_FIELDS]]
    for key in sorted(data):
        value = data[key]
        parent = [] if [key] in paths else [[key]]
        if isinstance(value, dict) and value:
            return [*paths, *parent, [key, sorted(value)[0]]]
        if isinstance(value, list) and value and isinstance(value[0], dict) and value[0]:
            return [*paths, *parent, [key, 0, sorted(value[0])[0]]]
    return paths


def result_shape(result: Any) -> dict[str, Any]:
    """What code written against either package can observe about a call's result."""
    shape = described(result)
    probes = probes_for(shape["value"])
    try:
        shape["json"] = json.loads(json.dumps(result))
    except Exception as error:  # noqa: BLE001 - the failure is the observation
        shape["json"] = {"raises": type(error).__name__}
    shape["attribute_access"] = {
        ".".join(map(str, path)): attempt(by_attribute, result, path) for path in probes
    }
    shape["key_access"] = {".".join(map(str, path)): attempt(by_key, result, path) for path in probes}
    return shape


def error_shape(error: BaseException, mixpeek: Any) -> dict[str, Any]:
    """The exception's type, HTTP status and family, as `except` clauses would see them."""
    families: dict[str, bool] = {"ApiException": isinstance(error, mixpeek.ApiException)}
    try:
        from mixpeek._client.client import MixpeekAPIError
    except ImportError:
        families["MixpeekAPIError"] = False
    else:
        families["MixpeekAPIError"] = isinstance(error, MixpeekAPIError)
    return {"type": type(error).__name__, "status": getattr(error, "status", None), "families": families}


def target_of(call: dict[str, Any], server_url: str, mixpeek: Any) -> Callable[..., Any]:
    """The bound method a table entry calls, on a fresh client configured for the server."""
    headers = {"Authorization": f"Bearer {API_KEY}", "X-Namespace": NAMESPACE}
    if call["kind"] == "api":
        client = mixpeek.ApiClient(mixpeek.Configuration(host=server_url))
        method = getattr(getattr(mixpeek, call["class"])(client), call["method"])
        return lambda *args, **kwargs: method(*args, _headers=headers, **kwargs)
    base_url = server_url + call.get("base_path", "/v1")
    client = mixpeek.Mixpeek(api_key=API_KEY, namespace=NAMESPACE, base_url=base_url)
    target: Any = client
    for step in call["target"].split("."):
        target = getattr(target, step)
    return target  # type: ignore[no-any-return]


def run_call(call: dict[str, Any], server_url: str, mixpeek: Any) -> dict[str, Any]:
    outcome: dict[str, Any] = {"id": call["id"]}
    try:
        function = target_of(call, server_url, mixpeek)
        args = materialise(call.get("args", []), mixpeek)
        kwargs = materialise(call.get("kwargs", {}), mixpeek)
        result = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the failure is the observation
        outcome["error"] = error_shape(error, mixpeek)
    else:
        outcome["result"] = result_shape(result)
    return outcome


def client_methods(mixpeek: Any) -> list[str]:
    """Every public method of ``Mixpeek`` and of the resources it holds, as ``resource.method`` paths."""
    found: list[str] = []

    def walk(holder: Any, prefix: str) -> None:
        for name in sorted(dir(type(holder))):
            if not name.startswith("_") and callable(getattr(type(holder), name)):
                found.append(prefix + name)
        for name, value in sorted(vars(holder).items()):
            if not name.startswith("_") and type(value).__module__.startswith("mixpeek."):
                walk(value, f"{prefix}{name}.")

    walk(mixpeek.Mixpeek(api_key=API_KEY), "")
    return found


def main(argv: list[str]) -> int:
    import mixpeek

    if argv == ["--client-methods"]:
        print(json.dumps(client_methods(mixpeek)))
        return 0
    calls_file, server_url = argv
    import warnings

    warnings.simplefilter("ignore")  # e.g. the published client's missing-retriever_id warning

    with open(calls_file, encoding="utf-8") as handle:
        calls = json.load(handle)
    for index, call in enumerate(calls):
        announce(server_url, index)
        print(json.dumps(run_call(call, server_url, mixpeek), sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
