"""Interleaved comparison of contenders: medians per metric and chanx's ratio to each other one.

A workload has one *subject* (a chanx consumer, T) and one or more *references* (R: a
hand-written consumer, a Starlette endpoint, a bare ASGI application). Each table row
compares T with one reference: ``T/R`` is the ratio of the medians, ``cost`` is chanx's cost
relative to the reference (time per unit of work, so for rates it is R/T: 1.30 means chanx
spends 30 % more per message).
"""

import gc
import statistics
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass, field

SIDES = ("raw", "chanx")

Measure = Callable[[], Awaitable[dict[str, float]]]
Session = Callable[[str], AbstractAsyncContextManager[Measure]]

LABELS = {
    "raw": "Channels consumer",
    "raw-lean": "Channels consumer, lean dispatch",
    "chanx": "chanx (Channels)",
    "chanx-default": "chanx (Channels), default settings",
    "bare": "bare ASGI",
    "fast/raw": "fast-channels consumer",
    "fast/starlette": "Starlette endpoint",
    "fast/bare": "bare ASGI in FastAPI",
    "fast/chanx": "chanx (fast-channels)",
    "chanx-framework-loop": "chanx on Channels' own dispatch loop",
    "fast/chanx-framework-loop": "chanx on fast-channels' own dispatch loop",
}
"""How each contender (its key is also its URL path) is named in the tables."""


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
    # Each rep is split into this many measured blocks, alternated between the sides block
    # by block, so a burst of load from other processes hits every side alike; medians are
    # over blocks.
    blocks: int = 1
    # The contenders chanx is compared with; ``Metric.target`` applies to the first one.
    references: tuple[str, ...] = ("raw",)
    subject: str = "chanx"
    # Highest acceptable cost ratio (see module doc) of the first metric, per reference.
    cost_targets: Mapping[str, float] = field(default_factory=dict)

    @property
    def sides(self) -> tuple[str, ...]:
        return (*self.references, self.subject)


@dataclass
class Row:
    workload: str
    metric: Metric
    medians: dict[str, float] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    reference: str = "raw"
    subject: str = "chanx"
    # Checked instead of ``metric.target`` when set.
    cost_target: float | None = None
    # Whether ``metric.target`` applies (it is stated against the first reference).
    metric_target_applies: bool = True

    @property
    def ratio(self) -> float:
        ref = self.medians[self.reference]
        return self.medians[self.subject] / ref if ref else float("nan")

    @property
    def cost(self) -> float:
        """chanx's cost relative to the reference (>1: chanx spends more per unit of work)."""
        ratio = self.ratio
        if not self.metric.higher_is_better:
            return ratio
        return 1 / ratio if ratio else float("nan")

    @property
    def verdict(self) -> str:
        if self.cost_target is not None:
            ok = self.cost <= self.cost_target
            return f"cost<={self.cost_target:g} {'ok' if ok else 'MISS'}"
        target = self.metric.target
        if target is None or not self.metric_target_applies:
            return ""
        ok = self.ratio >= target if self.metric.higher_is_better else self.ratio <= target
        sign = ">=" if self.metric.higher_is_better else "<="
        return f"{sign}{target:g} {'ok' if ok else 'MISS'}"


def _orders(sides: tuple[str, ...], rounds: int) -> list[tuple[str, ...]]:
    """Side order per round: forwards, backwards, rotated, ... so no side is always first."""
    orders = []
    for i in range(rounds):
        turn = sides[i // 2 % len(sides) :] + sides[: i // 2 % len(sides)]
        orders.append(turn if i % 2 == 0 else turn[::-1])
    return orders


async def compare(workload: Workload, reps: int) -> list[Row]:
    """Set up every side, then alternate their measurements ``reps`` times each."""
    sides = workload.sides
    results: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    async with AsyncExitStack() as stack:
        measures = {side: await stack.enter_async_context(workload.session(side)) for side in sides}
        for order in _orders(sides, reps * workload.blocks):
            for side in order:
                gc.collect()
                results[side].append(await measures[side]())
    rows = []
    for index, metric in enumerate(workload.metrics):
        medians = {}
        samples = {}
        for side in sides:
            samples[side] = [r[metric.key] for r in results[side]]
            medians[side] = statistics.median(samples[side])
        for position, reference in enumerate(workload.references):
            pair = (reference, workload.subject)
            rows.append(
                Row(
                    workload.name,
                    metric,
                    {s: medians[s] for s in pair},
                    {s: samples[s] for s in pair},
                    reference=reference,
                    subject=workload.subject,
                    cost_target=workload.cost_targets.get(reference) if index == 0 else None,
                    metric_target_applies=position == 0,
                )
            )
    return rows


def format_table(rows: list[Row]) -> str:
    """Markdown table of medians and ratios."""
    lines = [
        "| workload | metric | reference (R) | R | chanx (T) | T/R | cost | target |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        better = "higher" if row.metric.higher_is_better else "lower"
        lines.append(
            f"| {row.workload} | {row.metric.key} ({row.metric.unit}, {better} is better) "
            f"| {LABELS.get(row.reference, row.reference)} "
            f"| {_num(row.medians[row.reference])} | {_num(row.medians[row.subject])} "
            f"| {row.ratio:.2f} | {row.cost:.2f} | {row.verdict} |"
        )
    return "\n".join(lines)


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
