"""Benchmark our SDK against the published ``mixpeek`` package and against raw floors, side by side.

Run from the repository root with the project's environment::

    .venv/bin/python benchmarks/run.py            # full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # smoke run (fewer repetitions, smaller upsert)

It installs ``mixpeek==1.3.783`` once into ``benchmarks/.venv-published`` (cached), starts a canned-bytes
HTTP server on 127.0.0.1, runs every workload in a subprocess of each side's interpreter, prints the table
and writes it to ``benchmarks/results/latest.md`` (with the raw samples in ``latest.json``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import _bodies
import _published
import _report
from _canned_server import CannedServer
from _fresh import FLOOR_MODULES
from _report import Row, Target

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


@dataclass(frozen=True)
class Settings:
    """How much to repeat: the full run aims at a few minutes, ``--quick`` at well under one."""

    import_runs: int
    importtime_runs: int
    #: Rounds of the cold-start figures (``import mixpeek; mixpeek.CollectionsApi`` and the first call).
    first_call_runs: int
    reps: int
    large_reps: int
    per_call_calls: int
    upsert_documents: int
    upsert_reps: int
    concurrency_calls: int


FULL = Settings(
    import_runs=7,
    importtime_runs=1,
    first_call_runs=5,
    reps=9,
    large_reps=15,
    per_call_calls=2000,
    upsert_documents=100_000,
    upsert_reps=3,
    concurrency_calls=2000,
)
QUICK = Settings(
    import_runs=3,
    importtime_runs=1,
    first_call_runs=2,
    reps=3,
    large_reps=5,
    per_call_calls=2000,
    upsert_documents=10_000,
    upsert_reps=2,
    concurrency_calls=2000,
)
WORKLOADS = ("import", "per_call", "large_responses", "bulk_upsert", "concurrency")


@dataclass(frozen=True)
class Side:
    """One package under test: its name in the table, its interpreter and its environment variables."""

    name: str
    python: str
    env: dict[str, str]


def _sides(published_python: Optional[Path]) -> list[Side]:
    """Ours (this interpreter, the checkout first on the path) and, unless skipped, the published package."""
    # Bytecode caches are allowed whatever the caller's environment says: an installed package has them (pip
    # compiles on install), so a child that compiled our checkout on every start would measure the compiler.
    unset = ("PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    base["PYTHONNOUSERSITE"] = "1"
    sides = [Side("ours", sys.executable, {**base, "PYTHONPATH": str(ROOT)})]
    if published_python is not None:
        sides.append(Side("published", str(published_python), base))
    return sides


def _child(side: Side, args: Sequence[str], python_flags: Sequence[str] = ()) -> tuple[Any, str]:
    """Run a benchmark script under ``side``'s interpreter (in an empty directory); (its JSON, its stderr).

    A child that dies (our SDK is being written while this runs) gives ``{"crashed": <its last words>}``.
    """
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run(
            [side.python, *python_flags, *args], cwd=cwd, env=side.env, capture_output=True, text=True
        )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        _log(f"{side.name}: {' '.join(args[:2])} exited {done.returncode}:\n{done.stderr[-2000:]}")
        return {"crashed": f"crashed (exit {done.returncode}): {last}"[:300]}, done.stderr
    return json.loads(lines[-1]), done.stderr


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- import


def _importtime_total(stderr: str, top_level: Sequence[str]) -> float:
    """Seconds of the ``-X importtime`` cumulative time of the named top-level imports."""
    total_us = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if name.rstrip() and not name[1:].startswith(" ") and name.strip() in top_level:
            total_us += int(cumulative)
    return total_us / 1e6


def import_rows(sides: list[Side], url: str, settings: Settings) -> list[Row]:
    """Fresh-process import figures; every contender runs once per round, so load from elsewhere hits all.

    The floor runs under each side's interpreter: "floor" under ours, "published_floor" under the published
    package's environment (the same third-party imports, installed there).
    """
    script = str(HERE / "_fresh.py")
    contenders = [("floor", sides[0], "floor")] + [(side.name, side, "mixpeek") for side in sides]
    if len(sides) > 1:
        contenders.append(("published_floor", sides[1], "floor"))

    def measure(
        what: str, flags: Sequence[str], rounds: int, extra: Sequence[tuple[str, Side, str]] = ()
    ) -> dict[str, list[Any]]:
        everyone = [*contenders, *extra]
        found: dict[str, list[Any]] = {name: [] for name, _, _ in everyone}
        for _ in range(rounds):
            for name, side, target in everyone:
                result, stderr = _child(side, [script, what, target, url], flags)
                if "crashed" in result:
                    result = {"unavailable": result["crashed"]}
                elif flags and "unavailable" not in result:
                    modules = FLOOR_MODULES[what] if target == "floor" else ("mixpeek",)
                    result["seconds"] = _importtime_total(stderr, modules)
                found[name].append(result)
        return found

    measure("first_call", (), 1)  # warm-up: writes bytecode caches, fills the page cache
    runs = measure("import", (), settings.import_runs)
    importtime = measure("import", ("-X", "importtime"), settings.importtime_runs)
    api_class = measure("api_class", (), settings.first_call_runs)
    # pydantic's own cost of a first call: the floor, parsing the body into one model of one field instead.
    first_call = measure(
        "first_call", (), settings.first_call_runs, [("model_floor", sides[0], "model_floor")]
    )

    def row(
        metric: str,
        unit: str,
        found: dict[str, list[Any]],
        key: str,
        targets: list[Target],
        spread: bool = False,
        notes: Sequence[str] = (),
    ) -> Row:
        def samples(name: str) -> _report.Samples:
            results = found.get(name)
            if not results:
                return None
            for result in results:
                if "unavailable" in result:
                    return str(result["unavailable"])
            return [float(result[key]) for result in results]

        floor, ours = samples("floor"), samples("ours")
        return Row(
            metric,
            unit,
            floor,
            ours,
            samples("published"),
            samples("published_floor"),
            targets=targets,
            notes=(_spread_note(ours, floor) if spread else []) + list(notes),
        )

    return [
        row(
            "import: wall time (fresh process)",
            "s",
            runs,
            "seconds",
            [Target("floor", "<=", 1.5), Target("published", "<=", 1 / 20)],
        ),
        row("import: -X importtime, cumulative", "s", importtime, "seconds", []),
        row("import: modules added to sys.modules", "modules", runs, "modules_added", []),
        row("import: peak RSS of the process", "KB", runs, "peak_rss_kb", []),
        row(
            "import mixpeek; mixpeek.CollectionsApi (fresh process)",
            "s",
            api_class,
            "seconds",
            [Target("floor", "<=", 1.2)],
            spread=True,
        ),
        row(
            "first call: import + first get_collection",
            "s",
            first_call,
            "seconds",
            [Target("floor", "<=", 1.5)],
            spread=True,
            notes=_model_floor_notes(first_call),
        ),
    ]


def _model_floor_notes(found: dict[str, list[Any]]) -> list[str]:
    """How the first call compares with the same floor when pydantic parses the body into one small model.

    That "model floor" is the least any SDK answering with pydantic models pays; the notes give it against
    the floor and ours against it, each as per-round ratios (both measured back to back in every round).
    """

    def seconds(name: str) -> Optional[list[float]]:
        results = found.get(name) or []
        if not results or any("unavailable" in result for result in results):
            return None
        return [float(result["seconds"]) for result in results]

    floor, model_floor, ours = seconds("floor"), seconds("model_floor"), seconds("ours")
    if floor is None or model_floor is None or ours is None:
        return []
    return [
        f"model floor (the floor parsing the body into a one-field pydantic model): "
        f"{_report.display(model_floor, 's')}; " + _ratio_spread("model floor ÷ floor", model_floor, floor),
        _ratio_spread("ours ÷ model floor", ours, model_floor),
    ]


def _ratio_spread(label: str, tops: Sequence[float], bottoms: Sequence[float]) -> str:
    """``label`` with the min, median and max of the per-round ratios ``tops[i] ÷ bottoms[i]``."""
    ratios = sorted(top / bottom for top, bottom in zip(tops, bottoms) if bottom)
    middle = statistics.median(ratios) if ratios else float("nan")
    low, high = (ratios[0], ratios[-1]) if ratios else (float("nan"), float("nan"))
    return f"{label} over {len(ratios)} rounds: min {low:.3g}×, median {middle:.3g}×, max {high:.3g}×"


def _spread_note(ours: _report.Samples, floor: _report.Samples) -> list[str]:
    """The spread of the per-round ratios ours ÷ floor (each round measures both back to back)."""
    if not isinstance(ours, list) or not isinstance(floor, list) or len(ours) != len(floor) or not any(floor):
        return []
    return [_ratio_spread("ours ÷ floor", ours, floor)]


# ---------------------------------------------------------------- in-process workloads


def workload_row(sides: list[Side], url: str, spec: Spec) -> Row:
    """Run ``spec`` under every side; one row of medians (throughputs, calls/s, if ``spec.throughput``)."""
    script = str(HERE / "_workloads.py")
    config = {"workload": spec.workload, "url": url, "size": spec.size, "reps": spec.reps}
    shared_floor = not spec.floor_per_side and len(sides) > 1
    found: dict[str, tuple[_report.Samples, _report.Samples]] = {}
    notes: list[str] = []
    for side in sides:
        _log(f"{spec.workload}: {side.name}")
        floor_here = side.name == "ours" or not shared_floor
        result, _ = _child(side, [script, json.dumps({**config, "side": side.name, "floor": floor_here})])
        floor, sdk = result.get("floor", result.get("crashed")), result.get("sdk", result.get("crashed"))
        notes += _upload_note(side.name, result.get("detail", {}))
        per_call = spec.workload in ("per_call", "concurrency")  # their figures are per call
        notes += _cpu_note(side.name, result, "s/call" if per_call else "s")
        notes += _transfer_note(side.name, result)
        if spec.throughput:  # seconds per call -> calls per second
            floor, sdk = ([1 / t for t in x] if isinstance(x, list) else x for x in (floor, sdk))
        found[side.name] = (floor, sdk)
    published_floor, published = found.get("published", (None, None))
    if shared_floor:
        published_floor = found["ours"][0]
    unit = "calls/s" if spec.throughput else ("s/call" if spec.workload == "per_call" else "s")
    return Row(
        spec.metric,
        unit,
        found["ours"][0],
        found["ours"][1],
        published,
        published_floor,
        higher_is_better=spec.throughput,
        targets=spec.targets,
        notes=notes,
        published_floor_paired=not shared_floor,
    )


def _cpu_note(side: str, result: dict[str, Any], unit: str) -> list[str]:
    """The client process's CPU time, SDK against floor: steadier than wall time on a busy machine."""
    sdk, floor = result.get("sdk_cpu"), result.get("floor_cpu")
    if not sdk or not floor:
        return []
    paired = _report.ratio(sdk, floor, paired=True)
    return [
        f"client CPU, {side}: {_report.display(sdk, unit)} vs its floor {_report.display(floor, unit)}"
        f" = {paired:.4g}×"
    ]


def _transfer_note(side: str, result: dict[str, Any]) -> list[str]:
    """For a decoding floor: the bare transfer of the body, and the SDK against floor plus transfer."""
    transfer, floor, sdk = result.get("transfer"), result.get("floor"), result.get("sdk")
    if not isinstance(transfer, list) or not isinstance(floor, list) or not isinstance(sdk, list):
        return []
    both = [f + t for f, t in zip(floor, transfer)]
    return [
        f"{side}: the bare transfer of the body (raw urllib3) takes {_report.display(transfer, 's')}; "
        f"{side} ÷ (floor + transfer) = {_report.ratio(sdk, both, paired=True):.4g}×"
    ]


def _upload_note(side: str, detail: dict[str, Any]) -> list[str]:
    """What the server received for one batch from the SDK and from the floor (a check on like for like)."""
    sdk, floor = detail.get("sdk_upload"), detail.get("floor_upload")
    if not sdk or not floor:
        return []
    return [
        f"one batch of 1,000 documents, {side}: {sdk['body_bytes'] / 1e6:.2f} MB in {sdk['requests']} "
        f"request(s); its floor: {floor['body_bytes'] / 1e6:.2f} MB in {floor['requests']}"
    ]


@dataclass(frozen=True)
class Spec:
    """One in-process workload: its group (for ``--only``), size, repetitions, row title and targets."""

    group: str
    workload: str
    size: int
    reps: int
    metric: str
    targets: list[Target]
    throughput: bool = False
    #: False: the floor does not depend on the package (same code, same libraries in both environments) and
    #: is long to measure, so the published package is compared with the floor measured on our side.
    floor_per_side: bool = True


def _specs(s: Settings) -> list[Spec]:
    per_call, threaded, docs = s.per_call_calls, s.concurrency_calls, s.upsert_documents
    return [
        Spec(
            "per_call",
            "per_call",
            per_call,
            s.reps,
            f"per call: get_collection × {per_call:,}",
            [Target("floor", "<=", 1.15)],
        ),
        Spec(
            "large_responses",
            "list_collections",
            1000,
            s.large_reps,
            "large: list_collections, 1,000 collections (1.3 MB)",
            [Target("floor", "<=", 1.2)],
        ),
        Spec(
            "large_responses",
            "execute_retriever",
            1000,
            s.large_reps,
            "large: execute_retriever, 1,000 docs × 768 floats (7.4 MB)",
            [Target("floor", "<=", 1.2)],
        ),
        Spec(
            "bulk_upsert",
            "bulk_upsert",
            docs,
            s.upsert_reps,
            f"bulk upsert: {docs:,} docs × 768 floats, batches of 1,000",
            [Target("floor", "<=", 1.0)],
            floor_per_side=False,
        ),
        Spec(
            "concurrency",
            "concurrency",
            threaded,
            s.reps,
            f"8 threads, one client: get_collection × {threaded:,}",
            [Target("floor", ">=", 0.8)],
            throughput=True,
        ),
    ]


def run(settings: Settings, only: Sequence[str], published_python: Optional[Path]) -> list[Row]:
    """Every selected workload, against one canned server; the table's rows in order."""
    sides = _sides(published_python)
    rows: list[Row] = []
    with CannedServer(_bodies.routes()) as server:
        if "import" in only:
            _log("import (fresh processes)")
            rows += import_rows(sides, server.url, settings)
        for spec in _specs(settings):
            if spec.group in only:
                rows.append(workload_row(sides, server.url, spec))
    return rows


# ---------------------------------------------------------------- output


def _git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def _load() -> str:
    """The 1-minute load average (how busy the machine was), where the platform has one."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def write_results(rows: list[Row], command: str, settings: Settings, seconds: float, load: str) -> str:
    """The report (also written to ``results/latest.md``, raw samples to ``results/latest.json``)."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        "# Benchmark results",
        "",
        f"- run: {now}, commit {_git_commit()}, {seconds:.0f} s, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load} at the start and {_load()} at the end",
        f"- command: `{command}`",
        f"- repetitions: {settings}",
        f"- published: mixpeek=={_published.VERSION}; every figure is the median of its repetitions",
        "",
        "",
    ]
    missing = _report.notes(rows)
    text = "\n".join(header) + _report.table(rows) + "\n"
    if missing:
        text += "\nMissing figures:\n" + "\n".join(missing) + "\n"
    checks = [f"- {row.metric}: {note}" for row in rows for note in row.notes]
    if checks:
        text += "\nChecks:\n" + "\n".join(checks) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    raw = [{k: v for k, v in vars(row).items() if k != "targets"} for row in rows]
    (RESULTS / "latest.json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    return text


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a smaller upsert")
    parser.add_argument("--only", default=",".join(WORKLOADS), help=f"comma-separated subset of {WORKLOADS}")
    parser.add_argument("--no-published", action="store_true", help="skip the published package")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workloads: {sorted(unknown)}")
    settings = QUICK if args.quick else FULL
    try:
        published_python = None if args.no_published else _published.ensure()
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        print(
            f"could not set up mixpeek=={_published.VERSION}: {exc}\n"
            "(run with --no-published to measure our SDK against the floors only)",
            file=sys.stderr,
        )
        return 2
    started, load = time.perf_counter(), _load()
    rows = run(settings, only, published_python)
    python = Path(sys.executable)
    shown = str(python.relative_to(ROOT)) if ROOT in python.parents else python.name
    command = " ".join([shown, "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    print(write_results(rows, command, settings, time.perf_counter() - started, load))
    print(f"written to {RESULTS / 'latest.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
