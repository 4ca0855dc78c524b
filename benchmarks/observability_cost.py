"""Cost of metrics: ``uv run python -m benchmarks.observability_cost``.

"raw" column = the plain typed echo with observability off (the extra installed, not enabled);
"chanx" column = the same echo with ``chanx.observability.enable()`` on. The switch is flipped
around each measurement, so both sides alternate on the same connection type.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import CollectorRegistry

from benchmarks._django import setup

setup()

from benchmarks.compare import Measure, Metric, Workload, compare, format_table  # noqa: E402
from benchmarks.inprocess import _connect, _round_trips  # noqa: E402
from benchmarks.payloads import echo_frame  # noqa: E402
from chanx.observability import metrics, state  # noqa: E402


def metrics_workload(n: int) -> Workload:
    per_block = min(n, 1_000)
    blocks = max(1, n // per_block)
    on = metrics.PrometheusMetrics(CollectorRegistry())

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        comm = await _connect("/chanx/")
        frame = echo_frame()
        await _round_trips(comm, frame, 200, False)

        async def measure() -> dict[str, float]:
            state.active = on if side != "raw" else None
            try:
                start = time.perf_counter()
                await _round_trips(comm, frame, per_block, False)
                return {"us/round-trip": (time.perf_counter() - start) / per_block * 1e6}
            finally:
                state.active = None

        try:
            yield measure
        finally:
            await comm.disconnect()

    return Workload(
        f"echo sequential N={n:,} (R: observability off, T: metrics on)",
        session,
        (Metric("us/round-trip", "µs", False, 1.10),),
        blocks,
    )


async def _main() -> None:
    print(format_table(await compare(metrics_workload(10_000), reps=5)))


if __name__ == "__main__":
    asyncio.run(_main())
