"""The SDK against an independent validator: Prism serving openapi.json as a mock.

Every method of every generated API class (633 methods, 565 operations) is called once through the SDK with
the minimal valid arguments the generator's sample planner makes (`operations.sample_calls`), against two
Prism mocks run side by side:

- `prism mock --errors`: Prism validates each request against the spec and answers a violation with an
  error (and an `sl-violations` header). No request may be reported as violating the spec, except the known
  ones listed in `KNOWN_REQUEST_VIOLATIONS` (each with the reason; the test fails when one disappears, so
  the list cannot go stale).
- `prism mock -d --seed ...`: Prism makes up a response from each operation's schema; every 2xx answer must
  decode through the SDK without raising. Prism's own response generator (json-schema-faker) crashes on a
  few schemas and answers 500 then; those calls are counted, and must stay rare.

Prism is installed by scripts/prism.sh (npm) into .tools/prism when it is missing; the test is skipped only
when npm itself is not installed (and no Prism is in place).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import pytest

from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiConnectionError, ApiException
from test.reliability.operations import ROOT, SampleCall, sample_calls
from test.support.servers import unused_port

PRISM = ROOT / ".tools" / "prism" / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 90
SEED = "20261128"
#: The most calls Prism's dynamic generator may fail on (it crashes on some schemas: "reading 'items'").
MAX_PRISM_GENERATOR_FAILURES = 20

#: Requests Prism reports as violating the spec, with the reason (none since constants such as
#: `taxonomy_type` are always sent, which tells the branches of an undiscriminated oneOf apart).
KNOWN_REQUEST_VIOLATIONS: dict[str, str] = {}

#: Figures of the last run, printed by the conftest at the end of the session.
RESULTS: dict[str, Any] = {}
MAX_RESTARTS = 2  # a mock that dies mid-run (it happened twice on a loaded machine) is restarted, at most so


def _prism_executable() -> Path:
    """The pinned Prism, installed or updated by scripts/prism.sh (which does nothing when it is in place)."""
    if shutil.which("npm") is None:
        if PRISM.exists():
            return PRISM
        pytest.skip("npm is not installed: Prism cannot be installed")
    installed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "prism.sh")], capture_output=True, text=True, timeout=600, check=False
    )
    assert installed.returncode == 0, f"scripts/prism.sh failed:\n{installed.stderr[-3000:]}"
    return Path(installed.stdout.strip().splitlines()[-1])


class _Mock:
    """One `prism mock` process on 127.0.0.1, logging to a file; restartable on a new port."""

    def __init__(self, executable: Path, flags: list[str], log: Path) -> None:
        self.executable = executable
        self.flags = flags
        self.log = log
        self.restarts = -1
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.port = 0

    def start(self) -> None:
        self.stop()
        self.restarts += 1
        self.port = unused_port()
        command = [str(self.executable), "mock", "-h", "127.0.0.1", "-p", str(self.port), *self.flags]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*command, "openapi.json"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_listening(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"prism exited with {self.process.returncode} before listening")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"prism did not listen on 127.0.0.1:{self.port} within {STARTUP_SECONDS} s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def died(self, grace: float = 2.0) -> bool:
        """Whether the process exited (waiting up to `grace` seconds: a dying one may still be running)."""
        if self.process is None:
            return False
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            return False
        return True

    def log_tail(self) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        code = self.process.poll() if self.process is not None else None
        return f"exit code {code}; the last lines of the log {self.log}:\n" + "\n".join(lines[-40:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def prism_mocks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, _Mock]]:
    """Two Prism mocks of openapi.json on 127.0.0.1: "errors" (validating) and "dynamic" (seeded)."""
    executable = _prism_executable()
    logs = tmp_path_factory.mktemp("prism")
    mocks = {
        "errors": _Mock(executable, ["--errors"], logs / "errors.log"),
        "dynamic": _Mock(executable, ["-d", "--seed", SEED], logs / "dynamic.log"),
    }
    try:
        for mock in mocks.values():
            mock.start()
        for mock in mocks.values():
            mock.wait_until_listening()
        yield mocks
    finally:
        for mock in mocks.values():
            mock.stop()


@dataclass
class _Outcome:
    """What happened to every call in one Prism mode."""

    request_violations: dict[str, str] = field(default_factory=dict)
    decoded: int = 0
    prism_failures: dict[str, str] = field(default_factory=dict)
    response_violations: int = 0  # answers Prism itself marks as not matching the spec (its own problem)
    errors: dict[str, str] = field(default_factory=dict)  # anything else: SDK failures


def _request_violation(headers: Optional[Any], body: str) -> Optional[str]:
    """The first request violation Prism reported (in its header or its problem body), if any."""
    for text in ((headers or {}).get("sl-violations") or "", body):
        if '"location":["request"' in text:
            start = text.index('"location":["request"')
            return text[start : start + 300]
    return None


def _run_all(mock: _Mock, calls: tuple[SampleCall, ...]) -> _Outcome:
    outcome = _Outcome()
    index = 0
    while index < len(calls):
        configuration = Configuration(
            host=mock.url, api_key="sk_prism_contract", namespace="ns_prism", timeout=30
        )
        with ApiClient(configuration) as client:
            index = _run_from(mock, client, calls, index, outcome)
        if index < len(calls):  # the mock died: restart it and make the call again
            if mock.restarts >= MAX_RESTARTS:
                outcome.errors[calls[index].id] = f"prism died {MAX_RESTARTS + 1} times; {mock.log_tail()}"
                break
            mock.start()
            mock.wait_until_listening()
    return outcome


def _run_from(
    mock: _Mock, client: ApiClient, calls: tuple[SampleCall, ...], index: int, outcome: _Outcome
) -> int:
    """Make the calls from `index` on; the index of the call the mock died on, or len(calls)."""
    for position in range(index, len(calls)):
        call = calls[position]
        try:
            response = call.call(client, _max_retries=0)
        except ApiException as error:
            body = error.body or ""
            violation = _request_violation(error.headers, body)
            if violation is not None:
                outcome.request_violations[call.id] = violation
            elif "prism/errors#VIOLATIONS" in body:
                outcome.response_violations += 1
            elif "prism/errors#" in body and error.status == 500:
                outcome.prism_failures[call.id] = json.loads(body).get("title", "")[:120]
            else:
                outcome.errors[call.id] = repr(error)[:300]
            continue
        except ApiConnectionError as error:
            if mock.died():
                return position
            outcome.errors[call.id] = repr(error)[:300]
            continue
        except Exception as error:  # noqa: BLE001 - reported below with the operation's name
            outcome.errors[call.id] = repr(error)[:300]
            continue
        violation = _request_violation(response.headers, "")
        if violation is not None:
            outcome.request_violations[call.id] = violation
        outcome.decoded += 1
    return len(calls)


def test_every_operation_against_prism(prism_mocks: dict[str, _Mock]) -> None:
    calls = sample_calls()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {mode: pool.submit(_run_all, mock, calls) for mode, mock in prism_mocks.items()}
        validated, dynamic = runs["errors"].result(), runs["dynamic"].result()
    RESULTS.update(
        calls=len(calls),
        operations=len({(c.operation.method, c.operation.path) for c in calls}),
        request_violations=sorted(set(validated.request_violations) | set(dynamic.request_violations)),
        static_decoded=validated.decoded,
        static_response_violations=validated.response_violations,
        dynamic_decoded=dynamic.decoded,
        dynamic_prism_failures=len(dynamic.prism_failures),
        restarts={mode: mock.restarts for mode, mock in prism_mocks.items()},
    )
    assert validated.errors == {}, prism_mocks["errors"].log_tail()
    assert dynamic.errors == {}, prism_mocks["dynamic"].log_tail()
    assert set(validated.request_violations) == set(KNOWN_REQUEST_VIOLATIONS), validated.request_violations
    assert set(dynamic.request_violations) == set(KNOWN_REQUEST_VIOLATIONS), dynamic.request_violations
    for name, reason in KNOWN_REQUEST_VIOLATIONS.items():
        assert reason in validated.request_violations[name]
    assert validated.prism_failures == {}
    assert len(dynamic.prism_failures) <= MAX_PRISM_GENERATOR_FAILURES, dynamic.prism_failures
    expected = len(calls) - len(KNOWN_REQUEST_VIOLATIONS) - len(dynamic.prism_failures)
    assert dynamic.decoded == expected  # every other dynamic answer decoded without raising
