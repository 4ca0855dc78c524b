"""Cost of topics, chanx vs chanx: ``uv run python -m benchmarks.topic_cost``.

Echo: "raw" column = the plain typed echo (``/chanx/``, no envelope); "chanx" column = the same
echo as a topic action with a ``ref`` (``/topics/``: subscribe to ``echo:1`` once, then every
frame carries ``version``, ``topic`` and ``ref``, and so does every reply).

Fan-out: "raw" = a plain group broadcast relayed to N members (``broadcast_message``);
"chanx" = ``Topic.broadcast`` to N subscribers of one topic, each answering with its
``@event_handler`` (the sender is subscribed too, so it gets one extra delivery).
"""

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from channels.testing import WebsocketCommunicator

from benchmarks._django import setup

setup()

from benchmarks.compare import Measure, Metric, Workload, compare, format_table  # noqa: E402
from benchmarks.inprocess import TIMEOUT, _connect, _round_trips  # noqa: E402
from benchmarks.payloads import echo_frame, shout_frame  # noqa: E402

TOPIC = "echo:1"
_ids = itertools.count()


def topic_frame() -> str:
    frame = json.loads(echo_frame())
    return json.dumps({"version": 1, "topic": TOPIC, "ref": "1", **frame})


def topic_workload(n: int, pipelined: bool) -> Workload:
    # Pipelined too: blocks of 1,000 frames sent before their replies are read, so each side
    # gets n / 1,000 interleaved samples per rep rather than one.
    per_block = min(n, 1_000)
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


async def _subscribed(topic: str) -> WebsocketCommunicator:
    comm = await _connect("/topics/")
    await comm.send_to(
        text_data=json.dumps({"version": 1, "topic": topic, "ref": "s", "action": "subscribe"})
    )
    reply = json.loads(await comm.receive_from(timeout=TIMEOUT))
    assert reply["action"] == "subscribed", reply
    return comm


def topic_fanout(members: int, rounds: int) -> Workload:
    """Time until every member got one broadcast; metric: deliveries/s."""

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        group = f"tfan{next(_ids)}"
        topic = f"echo:{group}"
        comms: list[WebsocketCommunicator] = []
        for chunk in range(0, members, 100):
            size = min(100, members - chunk)
            if side == "raw":
                made = [_connect(f"/chanx/fan/{group}/") for _ in range(size)]
            else:
                made = [_subscribed(topic) for _ in range(size)]
            comms += await asyncio.gather(*made)
        if side == "raw":
            sender = await _connect(f"/chanx/send/{group}/")
            frame = shout_frame()
        else:
            sender = await _subscribed(topic)
            frame = json.dumps({"version": 1, "topic": topic, **json.loads(shout_frame())})

        async def one_round() -> None:
            await sender.send_to(text_data=frame)
            await asyncio.gather(*(c.receive_from(timeout=TIMEOUT) for c in comms))

        await one_round()  # warm-up

        async def measure() -> dict[str, float]:
            start = time.perf_counter()
            await one_round()
            return {"deliveries/s": members / (time.perf_counter() - start)}

        try:
            yield measure
        finally:
            await sender.disconnect()
            for chunk in range(0, len(comms), 100):
                await asyncio.gather(*(c.disconnect() for c in comms[chunk : chunk + 100]))

    return Workload(
        f"topic fan-out {members:,} subscribers (R: group broadcast, T: Topic.broadcast)",
        session,
        (Metric("deliveries/s", "msgs/s", True, 1 / 1.05),),
        rounds,
    )


async def _main() -> None:
    rows = []
    for pipelined in (False, True):
        rows += await compare(topic_workload(10_000, pipelined), reps=5)
    rows += await compare(topic_fanout(1_000, 5), reps=3)
    print(format_table(rows))


if __name__ == "__main__":
    asyncio.run(_main())
