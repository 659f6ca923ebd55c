"""What a generated union class costs against the plain ``Union`` it stands for, on the hot paths.

    .venv/bin/python benchmarks/union_class_bench.py

A field typed with a union class (``VectorsValue``, ``AndInner`` ...) validates through the class's pydantic
schema: the members' union behind a before-validator that unwraps a wrapper, with a serializer that does the
same. This validates and serializes the same data through ``List[<union class>]`` and ``List[<its Union>]``,
alternating the two, and prints the ratio of the best times (1.00 = no cost; the machine's noise is a few
percent either way).
"""

from __future__ import annotations

import functools
import timeit
from typing import Any, Callable, Dict, List, Tuple

from pydantic import TypeAdapter

from mixpeek.models import AndInner, VectorsValue

ROUNDS = 7


def _best_times(adapters: Dict[str, TypeAdapter[Any]], rows: List[Any]) -> Dict[Tuple[str, str], float]:
    """Best time per (side, step), the sides alternating so that both see the same machine load."""
    parsed = {side: adapter.validate_python(rows) for side, adapter in adapters.items()}
    steps: Dict[str, Callable[[str], Any]] = {
        "validate": lambda side: adapters[side].validate_python(rows),
        "dump_json": lambda side: adapters[side].dump_json(parsed[side]),
    }
    best: Dict[Tuple[str, str], float] = {}
    for _ in range(ROUNDS):
        for step, run in steps.items():
            for side in adapters:
                elapsed = timeit.timeit(functools.partial(run, side), number=2) / 2
                best[(side, step)] = min(best.get((side, step), elapsed), elapsed)
    return best


def compare(label: str, union_class: Any, rows: List[Any]) -> None:
    adapters: Dict[str, TypeAdapter[Any]] = {
        "class": TypeAdapter(List[union_class]),
        "plain": TypeAdapter(List[union_class.__union_type__]),
    }
    best = _best_times(adapters, rows)
    for step in ("validate", "dump_json"):
        ratio = best[("class", step)] / best[("plain", step)]
        print(
            f"{label:36} {step:9} union class / plain Union = {ratio:.2f} "
            f"({best[('class', step)] * 1e3:.1f} ms vs {best[('plain', step)] * 1e3:.1f} ms)"
        )


def main() -> None:
    vectors = [[0.001 * j for j in range(768)] for _ in range(2000)]
    compare("VectorsValue: 2,000 x 768 floats", VectorsValue, vectors)
    conditions = [{"field": f"f{i}", "operator": "eq", "value": i} for i in range(20000)]
    compare("AndInner: 20,000 filter conditions", AndInner, conditions)


if __name__ == "__main__":
    main()
