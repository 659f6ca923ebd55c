"""Combining the ranked lists of several feature searches into one ranking.

Strategies (the spec's `fusion` names), each list weighted by its search's ``weight`` (default 1):

* ``rrf`` (default): reciprocal-rank fusion, ``sum(weight / (60 + rank))`` with ranks from 1;
* ``weighted``: ``sum(weight * score)``;
* ``max``: the best ``weight * score`` of any list;
* ``dbsf``: distribution-based score fusion: each list's scores are scaled so that mean -/+ 3 standard
  deviations map to 0 and 1, then summed with weights.

A document missing from a list contributes nothing for that list. With a single search the raw scores are
kept, so a lone search returns the metric's own scores.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any, NamedTuple

from mixpeek.local.errors import bad_request, unsupported

RRF_K = 60
STRATEGIES = ("rrf", "weighted", "max", "dbsf")


class Ranked(NamedTuple):
    """A document in a ranking: its key, score and record."""

    key: tuple[str, str]
    score: float
    record: dict[str, Any]


def _dbsf_scale(scores: Sequence[float]) -> tuple[float, float]:
    mean = statistics.fmean(scores)
    spread = statistics.pstdev(scores) if len(scores) > 1 else 0.0
    low, high = mean - 3 * spread, mean + 3 * spread
    return low, (high - low) or 1.0


def fuse(lists: Sequence[tuple[float, Sequence[Ranked]]], strategy: str) -> list[Ranked]:
    """One ranking (best first) from weighted ranked lists."""
    if len(lists) == 1:
        return list(lists[0][1])
    if strategy == "learned":
        raise unsupported(
            "The local server does not emulate 'learned' fusion; use rrf, weighted, max or dbsf"
        )
    if strategy not in STRATEGIES:
        raise bad_request(f"Unknown fusion strategy '{strategy}'; expected one of {list(STRATEGIES)}")
    totals: dict[tuple[str, str], float] = {}
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for weight, ranked in lists:
        scale = _dbsf_scale([item.score for item in ranked]) if strategy == "dbsf" and ranked else (0.0, 1.0)
        for rank, item in enumerate(ranked, start=1):
            records.setdefault(item.key, item.record)
            if strategy == "rrf":
                contribution = weight / (RRF_K + rank)
            elif strategy == "dbsf":
                contribution = weight * (item.score - scale[0]) / scale[1]
            else:
                contribution = weight * item.score
            if strategy == "max":
                totals[item.key] = max(totals.get(item.key, contribution), contribution)
            else:
                totals[item.key] = totals.get(item.key, 0.0) + contribution
    ordered = sorted(totals.items(), key=lambda entry: entry[1], reverse=True)
    return [Ranked(key, score, records[key]) for key, score in ordered]
