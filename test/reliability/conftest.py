"""Prints the figures docs/reliability.md quotes: fuzz cases decoded, and the Prism contract run's counts."""

from __future__ import annotations

import sys

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    fuzz = sys.modules.get("test.reliability.test_fuzz_responses")
    cases = fuzz.total_cases() if fuzz is not None else None
    if cases:
        details = ", ".join(f"{variant} {count}" for variant, count in sorted(cases.items()))
        terminalreporter.write_line(f"reliability fuzz: {sum(cases.values())} generated cases ({details})")
    prism = sys.modules.get("test.reliability.test_prism_contract")
    if prism is not None and prism.RESULTS:
        terminalreporter.write_line(f"reliability prism: {prism.RESULTS}")
