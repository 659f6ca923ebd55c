"""The soak script runs end to end (briefly) and reports every call answered with its own marker."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_short_soak_loses_and_crosses_nothing() -> None:
    short = ["--seconds", "1", "--clients", "8", "--workers", "2"]
    command = [sys.executable, "benchmarks/soak_local.py", *short]
    finished = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    total = re.search(r"^total: (\d+) calls .*lost (\d+), crossed (\d+)", finished.stdout, re.MULTILINE)
    assert total is not None, finished.stdout
    calls, lost, crossed = (int(group) for group in total.groups())
    assert calls > 0 and (lost, crossed) == (0, 0)
