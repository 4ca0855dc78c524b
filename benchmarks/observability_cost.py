"""Cost of observability: ``uv run python -m benchmarks.observability_cost``.

``--instructions [N]`` reports instructions per round trip under ``valgrind --tool=callgrind``
instead (one process per side; deterministic on a shared machine, where time ratios move by
several per cent between runs).

Three rows, the typed echo (sequential round trips) on the Channels adapter:

* extra installed but not enabled (T) vs the extra's packages unimportable (R): two child
  processes, run in turn, one of which blocks ``prometheus_client`` and the OpenTelemetry SDK
  in ``sys.modules`` before anything is imported (the OpenTelemetry API stays: FastAPI
  imports it by itself) (target: cost ≤ 1.02);
* metrics on (T) vs off (R), in this process (target ≤ 1.10);
* tracing on (T, the OpenTelemetry SDK, its batch processor and an exporter that drops every
  span) vs off (R) (target ≤ 1.35).

In-process sides each keep their own connection, opened with their setting in force (so the
per-connection parts of observability are in place), and the switch is set around each
measured block; blocks of the sides alternate. Targets apply to CPU time per round trip (the
machine is shared: wall time also counts waiting for a core); wall time is shown beside it.
"""

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# What the extra adds. ``opentelemetry-api`` is not blocked: FastAPI imports it on its own.
BLOCKED = ("prometheus_client", "opentelemetry.sdk")


def _child(blocked: bool, n: int, blocks: int) -> list[float]:
    """CPU µs per round trip of ``blocks`` blocks of ``n`` round trips, in a fresh process."""
    flag = "blocked" if blocked else "installed"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.observability_cost",
            "--child",
            flag,
            str(n),
            str(blocks),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    values: list[float] = json.loads(out.stdout.strip().splitlines()[-1])
    return values


async def _child_main(flag: str, n: int, blocks: int) -> None:
    if flag == "blocked":
        for name in BLOCKED:
            sys.modules[name] = None  # type: ignore[assignment]  # import fails: "not installed"
    from benchmarks._django import setup

    setup()
    from benchmarks.inprocess import _connect, _round_trips
    from benchmarks.payloads import echo_frame

    comm = await _connect("/chanx/")
    frame = echo_frame()
    await _round_trips(comm, frame, 500, False)
    results = []
    for _ in range(blocks):
        start = time.process_time()
        await _round_trips(comm, frame, n, False)
        results.append((time.process_time() - start) / n * 1e6)
    await comm.disconnect()
    loaded = [
        m
        for m in sys.modules
        if m.startswith(BLOCKED) and m not in BLOCKED and sys.modules[m] is not None
    ]
    assert flag == "installed" or not loaded, loaded
    print(json.dumps(results))


def installed_row(n: int, reps: int) -> str:
    """The installed-but-off row: child processes alternate, medians of all their blocks."""
    import statistics

    samples: dict[bool, list[float]] = {True: [], False: []}
    for rep in range(reps):
        for blocked in (True, False) if rep % 2 == 0 else (False, True):
            samples[blocked] += _child(blocked, n, 5)
    off, missing = statistics.median(samples[False]), statistics.median(samples[True])
    ratio = off / missing
    verdict = "ok" if ratio <= 1.02 else "MISS"
    return (
        f"| echo sequential, {reps * 2} process runs, 5 blocks each of {n:,} "
        "(R: extra not installed, T: installed, not enabled) | cpu us/round-trip (µs, lower is "
        f"better) | extra not installed | {missing:.2f} | {off:.2f} | {ratio:.2f} | "
        f"{ratio:.2f} | <=1.02 {verdict} |"
    )


def in_process_workloads(n: int) -> Sequence[Any]:
    from benchmarks._django import setup

    setup()
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
    from prometheus_client import CollectorRegistry

    from benchmarks.compare import LABELS, Measure, Metric, Workload
    from benchmarks.inprocess import _connect, _round_trips
    from benchmarks.payloads import echo_frame
    from chanx.observability import state
    from chanx.observability.metrics import PrometheusMetrics
    from chanx.observability.observer import Observer
    from chanx.observability.tracing import Tracing

    class DropSpans(SpanExporter):
        def export(self, spans: Sequence[Any]) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(DropSpans()))
    observers: dict[str, Any] = {
        "obs-off": None,
        "obs-metrics": Observer([PrometheusMetrics(CollectorRegistry())], None),
        "obs-tracing": Observer([], Tracing(provider)),
    }
    LABELS.update(
        {"obs-off": "observability off", "obs-metrics": "metrics on", "obs-tracing": "tracing on"}
    )
    per_block = min(n, 1_000)
    blocks = max(1, n // per_block)

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        observer = observers[side]
        state.active = observer
        try:
            comm = await _connect("/chanx/")
        finally:
            state.active = None
        frame = echo_frame()

        async def measure() -> dict[str, float]:
            state.active = observer
            try:
                cpu, wall = time.process_time(), time.perf_counter()
                await _round_trips(comm, frame, per_block, False)
                return {
                    "cpu us/round-trip": (time.process_time() - cpu) / per_block * 1e6,
                    "us/round-trip": (time.perf_counter() - wall) / per_block * 1e6,
                }
            finally:
                state.active = None

        await measure()  # warm-up
        try:
            yield measure
        finally:
            state.active = observer
            try:
                await comm.disconnect()
            finally:
                state.active = None

    # CPU time first (the targets apply to it): the machine is shared, and CPU time does not
    # count the time this process waits for a core.
    metric = (Metric("cpu us/round-trip", "µs", False), Metric("us/round-trip", "µs", False))
    return [
        Workload(
            f"echo sequential N={n:,} (R: off, T: metrics on)",
            session,
            metric,
            blocks,
            references=("obs-off",),
            subject="obs-metrics",
            cost_targets={"obs-off": 1.10},
        ),
        Workload(
            f"echo sequential N={n:,} (R: off, T: tracing on, spans dropped)",
            session,
            metric,
            blocks,
            references=("obs-off",),
            subject="obs-tracing",
            cost_targets={"obs-off": 1.35},
        ),
    ]


COUNT_SIDES = ("not-installed", "off", "metrics", "tracing")


async def _count_child(side: str, n: int) -> None:
    """One side's echo, for ``valgrind --tool=callgrind`` (see :func:`instructions_table`)."""
    if side == "not-installed":
        for name in BLOCKED:
            sys.modules[name] = None  # type: ignore[assignment]
    from benchmarks._django import setup

    setup()
    from benchmarks.inprocess import _connect, _round_trips
    from benchmarks.payloads import echo_frame

    if side in ("metrics", "tracing"):
        from prometheus_client import CollectorRegistry

        from chanx import observability

        if side == "metrics":
            observability.enable(registry=CollectorRegistry())
        else:
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import (
                BatchSpanProcessor,
                SpanExporter,
                SpanExportResult,
            )

            class DropSpans(SpanExporter):
                def export(self, spans: Sequence[Any]) -> SpanExportResult:
                    return SpanExportResult.SUCCESS

            provider = TracerProvider()
            provider.add_span_processor(BatchSpanProcessor(DropSpans()))
            observability.enable(prometheus=False, tracer_provider=provider)
    comm = await _connect("/chanx/")
    frame = echo_frame()
    await _round_trips(comm, frame, 50, False)
    if n:
        await _round_trips(comm, frame, n, False)
    await comm.disconnect()


def _instructions(side: str, n: int) -> int:
    import os
    import re
    import tempfile

    out = tempfile.mktemp(prefix="chanx-callgrind-")
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable]
    cmd += ["-m", "benchmarks.observability_cost", "--count", side, str(n)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    found = re.search(r"Collected : (\d+)", done.stderr)
    os.unlink(out)
    if found is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(found.group(1))


def instructions_table(n: int) -> str:
    """Instructions per round trip of each side under callgrind (deterministic), and the
    ratios the targets are about. The figures include the test client's own work."""
    per_trip = {}
    for side in COUNT_SIDES:
        per_trip[side] = (_instructions(side, n) - _instructions(side, 0)) / n
    off = per_trip["off"]
    rows = [
        "| side | instructions per round trip | ratio | target |",
        "|---|---:|---:|---|",
        f"| extra not installed | {per_trip['not-installed']:,.0f} | | |",
        f"| installed, not enabled | {off:,.0f} | "
        f"{off / per_trip['not-installed']:.3f} (vs not installed) | <=1.02 |",
        f"| metrics on | {per_trip['metrics']:,.0f} | {per_trip['metrics'] / off:.3f} | <=1.10 |",
        f"| tracing on, spans dropped | {per_trip['tracing']:,.0f} | "
        f"{per_trip['tracing'] / off:.3f} | <=1.35 |",
    ]
    return "\n".join(rows)


async def _main(n: int, reps: int) -> None:
    from benchmarks.compare import compare, format_table

    rows = []
    for workload in in_process_workloads(n):
        rows += await compare(workload, reps=reps)
    table = format_table(rows).splitlines()
    print("\n".join([*table, installed_row(n // 2, reps)]))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        asyncio.run(_child_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--count":
        asyncio.run(_count_child(sys.argv[2], int(sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--instructions":
        print(instructions_table(int(sys.argv[2]) if len(sys.argv) > 2 else 1000))
    else:
        quick = "--quick" in sys.argv
        asyncio.run(_main(2_000 if quick else 10_000, 2 if quick else 5))
