"""Soak the local server: many clients for a while, every answer checked against what was asked (not a test).

For ``--seconds`` (default 60) the script drives one local server (``python -m mixpeek.local`` in a child
process, or ``--in-process``) from:

* ``--clients`` threads (default 200): the even ones each with an `ApiClient` of their own, the odd ones
  all sharing a single `ApiClient`;
* one forked worker pool (``multiprocessing`` with the ``fork`` start method) of ``--workers`` processes
  (default 4), each calling through the SDK in a loop of its own. By default every worker makes its
  client after the fork; ``--client-before-fork`` instead hands the workers a client the parent created
  and used before forking (what gunicorn ``--preload`` or Celery prefork do), which is only safe once the
  SDK renews its connection pool in a forked child.

Every call carries a unique marker and its answer must carry it back: a write upserts a standalone
document whose id is the marker (the answer lists the ids written), and the next call reads that document
back (the answer is the document, with the marker in its payload). A call that raises is *lost* (a 503 with
Retry-After, the server's polite refusal, is counted apart as *refused*); an answer carrying another
marker is *crossed*. The report gives the number of calls, lost, crossed and refused, and the median and
99th percentile latency; the exit status is 1 when any call was lost or crossed.

Usage: ``python benchmarks/soak_local.py [--seconds 60] [--clients 200] [--workers 4] [--data-dir DIR]
[--in-process] [--client-before-fork]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from _local_process import local_server_process

import mixpeek
from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.exceptions import ApiException
from mixpeek.local import LocalServer
from mixpeek.models import BYOUpsertRequest, CreateStandaloneNamespaceRequestModel

NAMESPACE = "soak"
DIMENSION = 4
API_KEY = "sk_soak"
#: Every call's timeout: a call that takes longer is lost.
CALL_TIMEOUT_SECONDS = 30.0
REPOSITORY = Path(__file__).resolve().parents[1]

#: The client a parent made before forking, inherited by the workers with ``--client-before-fork``.
_INHERITED_CLIENT: Optional[mixpeek.ApiClient] = None


@dataclass
class Tally:
    """What one caller (thread or worker process) saw."""

    calls: int = 0
    lost: int = 0
    crossed: int = 0
    refused: int = 0
    latencies: list[float] = field(default_factory=list)
    first_failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Fold another caller's counts into this one."""
        self.calls += other.calls
        self.lost += other.lost
        self.crossed += other.crossed
        self.refused += other.refused
        self.latencies += other.latencies
        self.first_failures += other.first_failures[: max(0, 5 - len(self.first_failures))]

    def note(self, failure: str) -> None:
        """Keep the first few failures for the report."""
        if len(self.first_failures) < 5:
            self.first_failures.append(failure)


@dataclass(frozen=True)
class WorkerTask:
    """What a forked worker needs to know (picklable)."""

    url: str
    name: str
    deadline_seconds: float
    inherited: bool


def new_client(url: str) -> mixpeek.ApiClient:
    """An SDK client for the soak: no retries, so every failure is seen and counted."""
    configuration = mixpeek.Configuration(
        host=url, api_key=API_KEY, max_retries=0, timeout=CALL_TIMEOUT_SECONDS
    )
    return mixpeek.ApiClient(configuration)


def write_document(api: BYODocumentsApi, marker: str) -> Optional[str]:
    """Upsert a document whose id is the marker; returns the id the answer names."""
    document = {"document_id": marker, "vectors": {"v": [1.0, 0.0, 0.0, 0.0]}, "payload": {"marker": marker}}
    answer = api.upsert_documents_byo_namespaces(
        NAMESPACE, BYOUpsertRequest.model_validate({"documents": [document]})
    )
    ids = list(answer.document_ids)
    return ids[0] if len(ids) == 1 else repr(ids)


def read_document(api: BYODocumentsApi, marker: str) -> Optional[str]:
    """Read the document back; returns the marker its payload carries."""
    answer: Any = api.get_document_byo_namespaces(NAMESPACE, marker)
    if not isinstance(answer, dict) or answer.get("document_id") != marker:
        return repr(answer)[:120]
    payload = answer.get("payload") or {}
    return str(payload.get("marker"))


def one_call(api: BYODocumentsApi, tally: Tally, marker: str, read: bool) -> None:
    """Make one call, time it and check that its answer carries the marker."""
    started = time.perf_counter()
    try:
        echoed = read_document(api, marker) if read else write_document(api, marker)
    except ApiException as error:
        if error.status == 503 and (error.headers or {}).get("Retry-After"):
            tally.refused += 1
        else:
            tally.lost += 1
            tally.note(f"{type(error).__name__}: {str(error)[:160]}")
        return
    except Exception as error:  # anything else the call raised: the answer never came
        tally.lost += 1
        tally.note(f"{type(error).__name__}: {str(error)[:160]}")
        return
    finally:
        tally.calls += 1
        tally.latencies.append(time.perf_counter() - started)
    if echoed != marker:
        tally.crossed += 1
        tally.note(f"crossed: sent {marker}, got {echoed}")


def call_until(api: BYODocumentsApi, name: str, deadline: float) -> Tally:
    """Write a fresh document, read it back, and again, until the deadline (perf_counter time)."""
    tally = Tally()
    while time.perf_counter() < deadline:
        marker = f"{name}-{uuid.uuid4().hex}"
        one_call(api, tally, marker, read=False)
        if time.perf_counter() < deadline:
            one_call(api, tally, marker, read=True)
    return tally


def worker(task: WorkerTask) -> Tally:
    """A forked worker's loop: its own client made after the fork, or the parent's inherited one."""
    deadline = time.perf_counter() + task.deadline_seconds
    if task.inherited and _INHERITED_CLIENT is not None:
        return call_until(BYODocumentsApi(_INHERITED_CLIENT), task.name, deadline)
    with new_client(task.url) as client:
        return call_until(BYODocumentsApi(client), task.name, deadline)


@contextmanager
def served(in_process: bool, data_dir: Optional[str]) -> Iterator[str]:
    """The server under test: a `python -m mixpeek.local` child process, or a `LocalServer` thread."""
    if in_process:
        with LocalServer(data_dir=data_dir) as server:
            yield server.url
        return
    with local_server_process(data_dir) as url:
        yield url


def prepare(url: str) -> None:
    """The standalone namespace every call writes to."""
    with new_client(url) as client:
        request = {"namespace_id": NAMESPACE, "vector_configs": [{"name": "v", "dimension": DIMENSION}]}
        BYODocumentsApi(client).create_standalone_namespace(
            CreateStandaloneNamespaceRequestModel.model_validate(request)
        )


def run_threads(url: str, clients: int, seconds: float) -> Tally:
    """`clients` threads calling until `seconds` have passed; even ones own a client, odd ones share one."""
    results: list[Tally] = [Tally() for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    with new_client(url) as shared:

        def run(number: int) -> None:
            own = new_client(url) if number % 2 == 0 else None
            try:
                api = BYODocumentsApi(own if own is not None else shared)
                start.wait()
                results[number] = call_until(api, f"t{number}", time.perf_counter() + seconds)
            finally:
                if own is not None:
                    own.close()

        threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
        for thread in threads:
            thread.start()
        start.wait()
        for thread in threads:
            thread.join()
    total = Tally()
    for result in results:
        total.add(result)
    return total


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def describe(label: str, tally: Tally, seconds: float) -> str:
    """One report line."""
    median, slow = (percentile(tally.latencies, fraction) * 1000 for fraction in (0.5, 0.99))
    return (
        f"{label}: {tally.calls} calls ({tally.calls / seconds:.0f}/s), lost {tally.lost}, "
        f"crossed {tally.crossed}, refused (503) {tally.refused}, p50 {median:.1f} ms, p99 {slow:.1f} ms"
    )


def soak(arguments: argparse.Namespace) -> int:
    """Run the soak and print its report; 1 when a call was lost or crossed."""
    global _INHERITED_CLIENT
    with served(arguments.in_process, arguments.data_dir) as url:
        prepare(url)
        if arguments.client_before_fork:
            _INHERITED_CLIENT = new_client(url)
            write_document(BYODocumentsApi(_INHERITED_CLIENT), "before-fork")
        context = multiprocessing.get_context("fork")
        # The pool forks now, before the caller threads exist (forking a process with running threads is
        # unsafe); its workers start calling when the tasks arrive, at the same time as the threads.
        with context.Pool(arguments.workers) as pool:
            tasks = [
                WorkerTask(url, f"w{n}", arguments.seconds, arguments.client_before_fork)
                for n in range(arguments.workers)
            ]
            pending = pool.map_async(worker, tasks)
            threads = run_threads(url, arguments.clients, arguments.seconds)
            workers = Tally()
            for result in pending.get(timeout=arguments.seconds + 120):
                workers.add(result)
    total = Tally()
    total.add(threads)
    total.add(workers)
    server = "in-process LocalServer" if arguments.in_process else "python -m mixpeek.local"
    storage = f"SQLite in {arguments.data_dir}" if arguments.data_dir else "memory"
    fork = "a client made before the fork" if arguments.client_before_fork else "clients made after the fork"
    print(f"soak: {arguments.seconds:g} s against {server} ({storage})")
    print(
        describe(
            f"threads ({arguments.clients}; half own a client, half share one)", threads, arguments.seconds
        )
    )
    print(describe(f"forked workers ({arguments.workers}; {fork})", workers, arguments.seconds))
    print(describe("total", total, arguments.seconds))
    for failure in total.first_failures:
        print(f"  e.g. {failure}")
    return 1 if total.lost or total.crossed else 0


def parse_arguments(argv: Optional[list[str]] = None) -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(description="Soak the local Mixpeek server and check every answer.")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (default %(default)s)")
    parser.add_argument("--clients", type=int, default=200, help="caller threads (default %(default)s)")
    parser.add_argument(
        "--workers", type=int, default=4, help="forked worker processes (default %(default)s)"
    )
    parser.add_argument("--data-dir", help="serve from SQLite in this directory (default: memory)")
    parser.add_argument("--in-process", action="store_true", help="serve from a thread of this process")
    parser.add_argument(
        "--client-before-fork",
        action="store_true",
        help="workers use a client the parent made and used before forking",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(soak(parse_arguments()))
