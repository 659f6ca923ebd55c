"""A fake clock for code that sleeps (the retry policy): sleeping only advances the fake time."""

from __future__ import annotations


class FakeClock:
    """`sleep` records each wait and advances `now`; `time()` is the fake wall clock (epoch seconds)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def time(self) -> float:
        return self.now
