"""The results table: medians, ratios against the baselines measured in the same run, and the targets.

A row holds the median of each side's repetitions. Three ratios are shown: ours ÷ floor (the floor measured
in our interpreter), published ÷ its own floor (measured in the published package's interpreter, with its
own models where the floor uses a model), and ours ÷ published. A ratio against a floor is the median of
the per-repetition ratios (each repetition measures both back to back); ours ÷ published, whose halves
ran in different processes at different times, is the ratio of the medians. For a "higher is better" row
the ratios are of throughputs, so above 1 is better; for every other row below 1 is better.
"""

from __future__ import annotations

import operator
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Callable, Optional, Union

Samples = Union[Sequence[float], str, None]  # the repetitions, the reason there are none, or not run


@dataclass(frozen=True)
class Target:
    """``ours ÷ <against> <op> limit``, ``against`` being "floor" or "published"."""

    against: str
    op: str
    limit: float

    def check(self, ratio: float) -> bool:
        compare: Callable[[float, float], bool] = operator.le if self.op == "<=" else operator.ge
        return compare(ratio, self.limit)

    def __str__(self) -> str:
        return f"{self.op} {self.limit:g}× {self.against}"


@dataclass
class Row:
    """One metric: the floor and each side's samples, its unit and its targets."""

    metric: str
    unit: str  # "s", "s/call", "calls/s", "modules", "KB"
    floor: Samples
    ours: Samples
    published: Samples = None
    published_floor: Samples = None
    higher_is_better: bool = False
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts worth printing under the table
    published_floor_paired: bool = True  # False: ``published_floor`` was measured on our side, apart


def median(samples: Samples) -> Optional[float]:
    if samples is None or isinstance(samples, str) or not samples:
        return None
    return statistics.median(samples)


def _numbers(samples: Samples) -> Optional[Sequence[float]]:
    """The samples if there are any (not a reason, not empty), else None."""
    if samples is None or isinstance(samples, str) or not samples:
        return None
    return samples


def ratio(numerator: Samples, denominator: Samples, paired: bool = False) -> Optional[float]:
    """``numerator ÷ denominator``.

    ``paired``: the i-th samples of both were measured back to back (same process, same repetition), so
    the median of the per-repetition ratios is used; a burst of load from elsewhere then inflates both
    halves of one ratio instead of one side's median. Otherwise, the ratio of the medians.
    """
    tops, bottoms = _numbers(numerator), _numbers(denominator)
    if paired and tops and bottoms and len(tops) == len(bottoms):
        pairs = [top / bottom for top, bottom in zip(tops, bottoms) if bottom]
        if pairs:
            return float(statistics.median(pairs))
    top, bottom = median(numerator), median(denominator)
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def display(samples: Samples, unit: str) -> str:
    """The median of ``samples`` in ``unit``, human-readable."""
    if isinstance(samples, str):
        return "n/a"
    value = median(samples)
    if value is None:
        return "—"
    if unit in ("s", "s/call"):
        suffix = "/call" if unit == "s/call" else ""
        if value >= 1:
            return f"{value:.2f} s{suffix}"
        if value >= 1e-3:
            return f"{value * 1e3:.3g} ms{suffix}"
        return f"{value * 1e6:.3g} µs{suffix}"
    if unit == "calls/s":
        return f"{value:,.0f} calls/s"
    if unit == "KB":
        return f"{value / 1024:.1f} MB"
    return f"{value:,.0f} {unit}"


def _ratio_text(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.4g}×"


def status(row: Row) -> str:
    """ "met", "missed (…)" or why it could not be judged, for every target of the row."""
    if not row.targets:
        return "(info)"
    if isinstance(row.ours, str):
        return "not available yet"
    verdicts = []
    for target in row.targets:
        against = row.floor if target.against == "floor" else row.published
        value = ratio(row.ours, against, paired=target.against == "floor")
        if value is None:
            verdicts.append(f"no {target.against} figure")
        elif target.check(value):
            verdicts.append("met")
        else:
            verdicts.append(f"MISSED ({value:.4g}× vs {target})")
    return "; ".join(verdicts)


HEADER = (
    "| metric | floor | ours | ours ÷ floor | published | published ÷ its floor | ours ÷ published "
    "| target | result |"
)


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    lines = [HEADER, "|" + "---|" * 9]
    for row in rows:
        lines.append(
            "| "
            + " | ".join(
                [
                    row.metric,
                    display(row.floor, row.unit),
                    display(row.ours, row.unit),
                    _ratio_text(ratio(row.ours, row.floor, paired=True)),
                    display(row.published, row.unit),
                    _ratio_text(ratio(row.published, row.published_floor, row.published_floor_paired)),
                    _ratio_text(ratio(row.ours, row.published)),
                    ", ".join(str(t) for t in row.targets) or "—",
                    status(row),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def notes(rows: Sequence[Row]) -> list[str]:
    """Why any figure is missing (the SDK piece not importable yet, a failure)."""
    found = []
    for row in rows:
        for side, samples in (("floor", row.floor), ("ours", row.ours), ("published", row.published)):
            if isinstance(samples, str):
                found.append(f"- {row.metric}, {side}: {samples}")
    return found
