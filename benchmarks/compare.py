"""Interleaved R-vs-T comparison: medians per metric and the T/R ratio against a target."""

import gc
import statistics
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass, field

SIDES = ("raw", "chanx")

Measure = Callable[[], Awaitable[dict[str, float]]]
Session = Callable[[str], AbstractAsyncContextManager[Measure]]


@dataclass(frozen=True)
class Metric:
    """One reported quantity; ``target`` is the T/R ratio the issue aims for (None: shown only)."""

    key: str
    unit: str
    higher_is_better: bool
    target: float | None = None


@dataclass(frozen=True)
class Workload:
    """A named workload: ``session(side)`` sets up one side and yields its measure function."""

    name: str
    session: Session
    metrics: tuple[Metric, ...]
    # Each rep is split into this many measured blocks, alternated R/T block by block, so a
    # burst of load from other processes hits both sides alike; medians are over blocks.
    blocks: int = 1


@dataclass
class Row:
    workload: str
    metric: Metric
    medians: dict[str, float] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        raw = self.medians["raw"]
        return self.medians["chanx"] / raw if raw else float("nan")

    @property
    def verdict(self) -> str:
        target = self.metric.target
        if target is None:
            return ""
        ok = self.ratio >= target if self.metric.higher_is_better else self.ratio <= target
        sign = ">=" if self.metric.higher_is_better else "<="
        return f"{sign}{target:g} {'ok' if ok else 'MISS'}"


async def compare(workload: Workload, reps: int) -> list[Row]:
    """Set up both sides, then alternate R/T measurements ``reps`` times each."""
    results: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
    async with AsyncExitStack() as stack:
        measures = {side: await stack.enter_async_context(workload.session(side)) for side in SIDES}
        for i in range(reps * workload.blocks):
            for side in SIDES if i % 2 == 0 else SIDES[::-1]:
                gc.collect()
                results[side].append(await measures[side]())
    rows = []
    for metric in workload.metrics:
        row = Row(workload.name, metric)
        for side in SIDES:
            row.samples[side] = [r[metric.key] for r in results[side]]
            row.medians[side] = statistics.median(row.samples[side])
        rows.append(row)
    return rows


def format_table(rows: list[Row]) -> str:
    """Markdown table of medians and ratios."""
    lines = [
        "| workload | metric | raw (R) | chanx (T) | T/R | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        better = "higher" if row.metric.higher_is_better else "lower"
        lines.append(
            f"| {row.workload} | {row.metric.key} ({row.metric.unit}, {better} is better) "
            f"| {_num(row.medians['raw'])} | {_num(row.medians['chanx'])} "
            f"| {row.ratio:.2f} | {row.verdict} |"
        )
    return "\n".join(lines)


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
