"""One in-process workload, run in the interpreter of the side being measured; prints one JSON object.

Usage (``run.py`` does this): ``python _workloads.py '{"workload": ..., "side": "ours", "url": ...}'``.

The same script runs under our environment and under the published package's virtual environment, so it
only uses names both packages share (the generated ``*Api`` classes, ``Configuration``, ``ApiClient``,
``mixpeek.models``, ``Mixpeek``). Each repetition measures the floor and the SDK back to back, alternating
which goes first, so a burst of load from elsewhere on the machine hits both. When a piece of the SDK cannot
be imported or called yet, the SDK half reports why and the floor is still measured.
"""

from __future__ import annotations

import gc
import importlib
import json
import random
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any, Callable

import _bodies
import urllib3

Timer = Callable[[], float]
HEADERS = {
    "Authorization": "Bearer sk_bench",
    "X-Namespace": _bodies.NAMESPACE_ID,
    "Accept": "application/json",
    "User-Agent": "bench-floor/1.0",
}
JSON_HEADERS = {**HEADERS, "Content-Type": "application/json"}


#: Facts a workload reports beside its timings (e.g. the bytes each side uploaded), printed by ``run.py``.
DETAILS: dict[str, Any] = {}
#: Timers measured beside the floor and the SDK, in the same repetitions (e.g. the bare transfer).
EXTRA_TIMERS: dict[str, Timer] = {}


class Unavailable(Exception):
    """The SDK piece this workload needs is not importable or not usable yet."""


def _sdk_attr(module: str, name: str) -> Any:
    """``module.name`` from the installed ``mixpeek``, or ``Unavailable`` saying what is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except Exception as exc:  # ImportError, AttributeError, or a half-written module failing
        raise Unavailable(f"not available yet: {module}.{name} ({type(exc).__name__}: {exc})") from exc


def _api(name: str, url: str) -> Any:
    """A generated ``*Api`` on a fresh ``ApiClient`` (default settings) pointed at the canned server."""
    configuration = _sdk_attr("mixpeek", "Configuration")(
        host=url, access_token="sk_bench", api_key={"NamespaceHeader": _bodies.NAMESPACE_ID}
    )
    client = _sdk_attr("mixpeek", "ApiClient")(configuration)
    return _sdk_attr("mixpeek", name)(client)


def _model(name: str) -> Any:
    return _sdk_attr("mixpeek.models", name)


def _timed(fn: Callable[[], object]) -> Timer:
    """A timer of one call of ``fn`` (wall-clock seconds)."""

    def run() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    return run


#: Wall-clock seconds and client CPU seconds, one of each per repetition.
Samples = tuple[list[float], list[float]]


def _paired(reps: int, timers: dict[str, Timer]) -> dict[str, Samples]:
    """``reps`` timings of each timer, interleaved: every repetition runs each once, in rotating order.

    The garbage collector stays on (its cost is part of real use), but each timing starts from a collected
    heap, so a full collection lands in the same places for the floor and the SDK (the published package
    holds ~1,700 modules; a full collection of its heap costs ~0.2 s). Beside the wall clock, the CPU time
    of this (client) process is kept: it moves less than the wall clock when other work shares the machine.
    """
    samples: dict[str, Samples] = {name: ([], []) for name in timers}
    names = list(timers)
    for rep in range(reps):
        shift = rep % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            wall, cpu = samples[name]
            gc.collect()
            cpu_start = time.process_time()
            wall.append(timers[name]())
            cpu.append(time.process_time() - cpu_start)
    return samples


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise Unavailable(f"wrong result: {what}")


# ---------------------------------------------------------------- workloads
# Each returns (floor timer, a factory of the SDK timer, scale). A timer measures one repetition; the
# reported figure is the repetition's seconds divided by ``scale`` (e.g. per call). The factory imports and
# checks the SDK piece (raising ``Unavailable``) and warms it up; the floor is built first, on its own.

Measured = tuple[Timer, Callable[[], Timer], float]


def per_call(url: str, side: str, calls: int) -> Measured:
    """``calls`` × ``CollectionsApi.get_collection``; floor: raw ``PoolManager.request`` + ``json.loads``."""
    http = urllib3.PoolManager()
    target = url + _bodies.GET_COLLECTION[1]

    def floor() -> None:
        for _ in range(calls):
            json.loads(http.request("GET", target, headers=HEADERS).data)

    def sdk() -> Timer:
        api = _api("CollectionsApi", url)
        first = api.get_collection(_bodies.COLLECTION_ID)
        _check(type(first).__name__ == "CollectionResponse", f"get_collection returned {type(first)}")

        def run() -> None:
            for _ in range(calls):
                api.get_collection(_bodies.COLLECTION_ID)

        run()
        return _timed(run)

    floor()
    return _timed(floor), sdk, calls


def _large(call: Callable[[], Any], model: str, count: int) -> Timer:
    """The timer of a large-response call, after checking it returns ``model`` with ``count`` items."""
    result = call()
    items = getattr(result, "results", None) or getattr(result, "documents", None) or []
    _check(type(result).__name__ == model, f"returned {type(result)}")
    _check(len(items) == count, f"{len(items)} items instead of {count}")
    return _timed(call)


def _model_floor(url: str, route: tuple[str, str], model_name: str) -> Timer:
    """Timer for ``Model.model_validate_json`` of the route's canned bytes (the package's own model).

    Also registers the "transfer" timer: the same request made with raw urllib3, body read and dropped,
    which is what the SDK's figure holds beyond the floor's decoding.
    """
    http = urllib3.PoolManager()
    EXTRA_TIMERS["transfer"] = _timed(
        lambda: http.request(route[0], url + route[1], headers=JSON_HEADERS, body=b"{}").data
    )
    body = http.request(route[0], url + route[1], headers=JSON_HEADERS, body=b"{}").data
    model = _model(model_name)
    model.model_validate_json(body)  # builds a deferred schema once, outside the measurement
    return _timed(lambda: model.model_validate_json(body))


def list_collections(url: str, side: str, count: int) -> Measured:
    """``CollectionsApi.list_collections`` answering ``count`` collections; floor: ``model_validate_json``."""

    def sdk() -> Timer:
        return _large(_api("CollectionsApi", url).list_collections, "ListCollectionsResponse", count)

    return _model_floor(url, _bodies.LIST_COLLECTIONS, "ListCollectionsResponse"), sdk, 1


def execute_retriever(url: str, side: str, count: int) -> Measured:
    """``RetrieversApi.execute_retriever`` answering ``count`` documents with vectors; floor as above."""

    def sdk() -> Timer:
        api = _api("RetrieversApi", url)
        request = _model("ExecuteRetrieverRequest")(inputs={"query": "red car"})
        return _large(
            lambda: api.execute_retriever(_bodies.RETRIEVER_ID, request), "ExecuteRetrieverResponse", count
        )

    return _model_floor(url, _bodies.EXECUTE_RETRIEVER, "ExecuteRetrieverResponse"), sdk, 1


def _documents(count: int) -> list[dict[str, Any]]:
    """``count`` documents for a direct upsert; vectors from a pool of 1,000 (serializing costs the same)."""
    rng = random.Random(11)
    pool = [_bodies.vector(rng) for _ in range(min(count, 1000))]
    return [
        {
            "document_id": f"doc_{i:08d}",
            "vectors": {_bodies.VECTOR_NAME: pool[i % len(pool)]},
            "payload": {"title": f"Document {i}", "category": ("docs", "news", "blog")[i % 3], "rank": i},
        }
        for i in range(count)
    ]


def _batches(documents: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [documents[start : start + size] for start in range(0, len(documents), size)]


def bulk_upsert(url: str, side: str, count: int, batch: int = 1000) -> Measured:
    """``count`` documents through ``Mixpeek(...).namespaces.documents.upsert`` in batches of ``batch``.

    Floor: ``json.dumps`` of each batch sent with raw urllib3. Ours is given every document at once and
    batches them itself; the published client has no batching, so it is called once per batch.
    """
    documents = _documents(count)
    http = urllib3.PoolManager()
    target = url + _bodies.UPSERT_DOCUMENTS[1]

    def send(chunk: list[dict[str, Any]]) -> None:
        body = json.dumps({"documents": chunk}).encode("utf-8")
        json.loads(http.request("POST", target, body=body, headers=JSON_HEADERS).data)

    def floor() -> None:
        for chunk in _batches(documents, batch):
            send(chunk)

    def sdk() -> Timer:
        upsert = _high_level_client(url, side).namespaces.documents.upsert
        _server_stats(url)
        upsert(namespace_id=_bodies.NAMESPACE_ID, documents=documents[:batch])  # warm-up, and a check
        DETAILS["sdk_upload"] = _server_stats(url)

        def run() -> None:
            if side == "ours":
                upsert(namespace_id=_bodies.NAMESPACE_ID, documents=documents, batch_size=batch)
            else:
                for chunk in _batches(documents, batch):
                    upsert(namespace_id=_bodies.NAMESPACE_ID, documents=chunk)

        return _timed(run)

    _server_stats(url)
    send(documents[:batch])
    DETAILS["floor_upload"] = _server_stats(url)
    return _timed(floor), sdk, 1


def _server_stats(url: str) -> dict[str, int]:
    """Requests and body bytes the canned server received since the last look (and reset)."""
    stats: dict[str, int] = json.loads(urllib3.PoolManager().request("GET", url + _bodies.STATS_PATH).data)
    return stats


def _high_level_client(url: str, side: str) -> Any:
    mixpeek_class = _sdk_attr("mixpeek", "Mixpeek")
    if side == "published":  # its base_url includes the API version
        return mixpeek_class("sk_bench", namespace=_bodies.NAMESPACE_ID, base_url=url + "/v1")
    return mixpeek_class(api_key="sk_bench", namespace=_bodies.NAMESPACE_ID, base_url=url)


def concurrency(url: str, side: str, calls: int, threads: int = 8) -> Measured:
    """``threads`` threads sharing one client make ``calls`` get_collection calls in total.

    Floor: the same threads sharing one ``urllib3.PoolManager(maxsize=threads)``. Reported as seconds per
    call over the whole run (``run.py`` turns it into calls per second).
    """
    http = urllib3.PoolManager(maxsize=threads)
    target = url + _bodies.GET_COLLECTION[1]
    floor = _threaded(lambda: json.loads(http.request("GET", target, headers=HEADERS).data), calls, threads)

    def sdk() -> Timer:
        api = _api("CollectionsApi", url)  # its default pool (10 connections) covers the 8 threads
        timer = _threaded(lambda: api.get_collection(_bodies.COLLECTION_ID), calls, threads)
        timer()
        return timer

    floor()
    return floor, sdk, calls


def _threaded(one_call: Callable[[], object], calls: int, threads: int) -> Timer:
    """A timer running ``calls`` calls of ``one_call`` spread over ``threads`` threads."""

    def run() -> float:
        errors: list[BaseException] = []
        start_line = threading.Barrier(threads + 1)

        def worker(share: int) -> None:
            start_line.wait()
            try:
                for _ in range(share):
                    one_call()
            except BaseException as exc:  # reported after the run
                errors.append(exc)

        shares = [calls // threads + (1 if i < calls % threads else 0) for i in range(threads)]
        workers = [threading.Thread(target=worker, args=(share,)) for share in shares]
        for worker_thread in workers:
            worker_thread.start()
        start_line.wait()
        start = time.perf_counter()
        for worker_thread in workers:
            worker_thread.join()
        elapsed = time.perf_counter() - start
        if errors:
            raise errors[0]
        return elapsed

    return run


WORKLOADS = {
    "per_call": per_call,
    "list_collections": list_collections,
    "execute_retriever": execute_retriever,
    "bulk_upsert": bulk_upsert,
    "concurrency": concurrency,
}


def main(argv: Sequence[str]) -> int:
    config = json.loads(argv[1])
    reps, with_floor = config["reps"], config.get("floor", True)
    result: dict[str, Any] = {}
    try:
        floor, make_sdk, scale = WORKLOADS[config["workload"]](config["url"], config["side"], config["size"])
    except Unavailable as exc:  # the floor itself needs a piece of the SDK (its models)
        result.update(floor=str(exc), sdk=str(exc))
    else:
        timers = {"floor": floor, **EXTRA_TIMERS} if with_floor else {}
        try:
            timers["sdk"] = make_sdk()
        except Exception as exc:  # not there yet, or broken: reported, never fatal
            result["sdk"] = _reason(exc)
        try:
            samples = _paired(reps, timers)
        except Exception as exc:  # an SDK that fails mid-run
            result["sdk"] = _reason(exc)
            timers.pop("sdk", None)
            samples = _paired(reps, timers)
        for name, (wall, cpu) in samples.items():
            result[name] = [t / scale for t in wall]
            result[f"{name}_cpu"] = [t / scale for t in cpu]
        result.setdefault("floor", "not measured here")
    result["package"] = _package_info()
    result["detail"] = DETAILS
    print(json.dumps(result))
    return 0


def _reason(exc: Exception) -> str:
    if isinstance(exc, Unavailable):
        return str(exc)
    return f"failed: {type(exc).__name__}: {exc}"[:300]


def _package_info() -> str:
    module = sys.modules.get("mixpeek")
    if module is None:
        return "not imported"
    return f"{getattr(module, '__version__', '?')} at {getattr(module, '__file__', '?')}"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
