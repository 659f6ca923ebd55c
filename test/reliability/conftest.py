"""Prints how many generated response bodies the fuzz tests decoded (docs/reliability.md quotes it)."""

from __future__ import annotations

import sys

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    module = sys.modules.get("test.reliability.test_fuzz_responses")
    cases = module.total_cases() if module is not None else None
    if cases:
        details = ", ".join(f"{variant} {count}" for variant, count in sorted(cases.items()))
        terminalreporter.write_line(f"reliability fuzz: {sum(cases.values())} generated cases ({details})")
