"""Cost of ``send_message_immediately`` (the yield after each send), chanx vs chanx.

``uv run python -m benchmarks.flush_cost``: echo round-trips where the handler replies with
an explicit ``await self.send_message(...)``; "raw" column = flag off, "chanx" = on (default).
A handler's *returned* reply ends its frame and skips that yield either way.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from benchmarks._django import setup

setup()

from benchmarks.compare import Measure, Metric, Workload, compare, format_table  # noqa: E402
from benchmarks.inprocess import _connect, _round_trips  # noqa: E402
from benchmarks.payloads import echo_frame  # noqa: E402


def flush_workload(n: int, pipelined: bool) -> Workload:
    per_block = 1_000 if not pipelined else n
    blocks = max(1, n // per_block)

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        comm = await _connect("/push/noflush/" if side == "raw" else "/push/flush/")
        frame = echo_frame()
        await _round_trips(comm, frame, 200, pipelined)

        async def measure() -> dict[str, float]:
            start = time.perf_counter()
            await _round_trips(comm, frame, per_block, pipelined)
            return {"us/round-trip": (time.perf_counter() - start) / per_block * 1e6}

        try:
            yield measure
        finally:
            await comm.disconnect()

    mode = "pipelined" if pipelined else "sequential"
    return Workload(
        f"send_message echo {mode} N={n:,} (R: flag off, T: on)",
        session,
        (Metric("us/round-trip", "µs", False),),
        blocks,
    )


async def _main() -> None:
    rows = []
    for pipelined in (False, True):
        rows += await compare(flush_workload(10_000, pipelined), reps=3)
    print(format_table(rows))


if __name__ == "__main__":
    asyncio.run(_main())
