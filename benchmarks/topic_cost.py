"""Cost of addressing a topic, chanx vs chanx: ``uv run python -m benchmarks.topic_cost``.

"raw" column: the plain typed echo (``/chanx/``, no envelope). "chanx" column: the same echo
as a topic action with a ``ref`` (``/topics/``: subscribe to ``echo:1`` once, then every
frame carries ``version``, ``topic`` and ``ref``, and so does every reply). T/R is the cost
ratio of the topic-addressed request/reply.
"""

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from benchmarks._django import setup

setup()

from benchmarks.compare import Measure, Metric, Workload, compare, format_table  # noqa: E402
from benchmarks.inprocess import TIMEOUT, _connect, _round_trips  # noqa: E402
from benchmarks.payloads import echo_frame  # noqa: E402

TOPIC = "echo:1"


def topic_frame() -> str:
    frame = json.loads(echo_frame())
    return json.dumps({"version": 1, "topic": TOPIC, "ref": "1", **frame})


def topic_workload(n: int, pipelined: bool) -> Workload:
    per_block = 1_000 if not pipelined else n
    blocks = max(1, n // per_block)

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        if side == "raw":
            comm = await _connect("/chanx/")
            frame = echo_frame()
        else:
            comm = await _connect("/topics/")
            subscribe = {"version": 1, "topic": TOPIC, "ref": "s", "action": "subscribe"}
            await comm.send_to(text_data=json.dumps(subscribe))
            reply = json.loads(await comm.receive_from(timeout=TIMEOUT))
            assert reply["action"] == "subscribed", reply
            frame = topic_frame()
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
        f"topic echo {mode} N={n:,} (R: plain echo, T: topic + ref)",
        session,
        (Metric("us/round-trip", "µs", False, 1.15),),
        blocks,
    )


async def _main() -> None:
    rows = []
    for pipelined in (False, True):
        rows += await compare(topic_workload(10_000, pipelined), reps=3)
    print(format_table(rows))


if __name__ == "__main__":
    asyncio.run(_main())
