"""What checking every document of an in-memory bulk upsert before the first batch costs.

    .venv/bin/python benchmarks/upsert_check_bench.py [--documents 10000] [--dimension 768]

``mp.namespaces.documents.upsert(ns, a_list)`` validates all the documents (a request's worth at a time)
before sending anything, so a wrong document anywhere sends nothing; the batches then send the validated
models, which pydantic does not validate again. This times, on the same documents, the up-front check, the
per-batch request building that follows it (the part left in each batch), and a whole upsert into the local
server (in this process), and prints the check's share of the whole upsert. The same validation ran before
this change too, batch by batch, so the total work is the same; what changes is when it runs.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable

from mixpeek import Mixpeek, models
from mixpeek.client._core import build_request
from mixpeek.client.bulk_upsert import MAX_BATCH_SIZE
from mixpeek.client.namespaces import check_all
from mixpeek.local import serve

ROUNDS = 5


def documents(count: int, dimension: int) -> list[dict[str, Any]]:
    return [
        {
            "document_id": f"d{n}",
            "vectors": {"v": [((n + i) % 97) / 97 for i in range(dimension)]},
            "payload": {"n": n, "title": f"document {n}"},
        }
        for n in range(count)
    ]


def check(batch: list[Any], start: int) -> list[Any]:
    """The upsert's own per-request check (BYOUpsertRequest through build_request)."""
    return list(build_request(models.BYOUpsertRequest, {"documents": batch}, caller=check).documents)


def resend(checked: list[Any]) -> None:
    """What each batch still builds from the checked models."""
    for start in range(0, len(checked), MAX_BATCH_SIZE):
        build_request(
            models.BYOUpsertRequest, {"documents": checked[start : start + MAX_BATCH_SIZE]}, caller=check
        )


def best(step: Callable[[], Any]) -> float:
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--dimension", type=int, default=768)
    args = parser.parse_args()
    given = documents(args.documents, args.dimension)
    checked = check_all(given, check)
    up_front = best(lambda: check_all(given, check))
    per_batch = best(lambda: resend(checked))
    with serve() as url, Mixpeek("sk_local", namespace="bench", base_url=url) as mp:
        mp.namespaces.create("bench", vector_configs=[{"name": "v", "dimension": args.dimension}])
        whole = best(lambda: mp.namespaces.documents.upsert("bench", given))
    print(f"{args.documents:,} documents of dimension {args.dimension}, best of {ROUNDS}:")
    print(f"  up-front check of every document:        {up_front * 1000:8.1f} ms")
    print(f"  batches built from the checked models:   {per_batch * 1000:8.1f} ms")
    print(f"  whole upsert into the local server:      {whole * 1000:8.1f} ms")
    print(f"  check / whole upsert:                    {up_front / whole:8.2f}")


if __name__ == "__main__":
    main()
