"""Documented limits on both adapters: frame size, rate limit, bounded in-flight work."""

import asyncio
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chanx.core.config import Config
from tests.conftest import Adapter
from tests.suites.hostile.consumers import Announce, Gate, build
from tests.suites.hostile.oracle import COMPLETE, RATE_LIMITED, too_large
from tests.suites.hostile.strategies import text_frames
from tests.suites.hostile.test_hostile_frames import (
    PING,
    PONG,
    assert_still_usable,
    next_frames,
    send_raw,
)


async def eventually(check: Any, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_ten_megabyte_frame_is_refused_and_connection_survives(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Target) as comm:
        huge = json.dumps({"action": "echo", "payload": "x" * (10 * 1024 * 1024)})
        await send_raw(comm, text=huge)
        assert await next_frames(comm, 2) == [too_large(Config.max_message_size), COMPLETE]
        await assert_still_usable(comm)


async def test_frame_size_limit_is_exact(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Limited) as comm:
        fits = json.dumps({"action": "echo", "payload": ""})
        fits = fits.replace('""', '"' + "y" * (256 - len(fits)) + '"')
        assert len(fits) == 256
        await send_raw(comm, text=fits)
        assert (await next_frames(comm, 2))[0]["action"] == "echo_reply"
        await send_raw(comm, text=fits + " ")
        assert await next_frames(comm, 2) == [too_large(256), COMPLETE]


async def test_rate_limit_answers_with_error_frames_and_keeps_the_connection(
    adapter: Adapter,
) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Limited) as comm:
        for _ in range(8):
            await send_raw(comm, text=PING)
        got = await next_frames(comm, 16)
        # Frames run concurrently, so pairs may interleave; the counts are exact.
        assert got.count(COMPLETE) == 8
        assert got.count(PONG) == 5
        assert got.count(RATE_LIMITED) == 3
        # Still open: the next frame in the same window is refused the same way, not closed.
        await send_raw(comm, text=PING)
        assert await next_frames(comm, 2) == [RATE_LIMITED, COMPLETE]


async def test_slow_handlers_hold_at_most_the_cap_and_stop_reading(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    Gate.reset()
    async with adapter.communicator(consumers.Narrow) as comm:
        for n in range(50):
            await send_raw(comm, text=json.dumps({"action": "wait", "payload": n}))
        await eventually(lambda: Gate.running == 3)
        await asyncio.sleep(0.05)  # room for (unwanted) extra tasks to start
        assert (Gate.running, Gate.peak) == (3, 3)
        # Frames beyond the cap (+1 being dispatched) were never read from the connection.
        assert comm.input_queue.qsize() >= 50 - 3 - 1
        assert Gate.event is not None
        Gate.event.set()
        got = await next_frames(comm, 100)
        assert sorted(f["payload"] for f in got if f["action"] == "waited") == list(range(50))
        assert Gate.peak == 3
        await assert_still_usable(comm)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hostile=st.lists(text_frames, min_size=5, max_size=40), notices=st.integers(1, 5))
async def test_well_behaved_clients_see_every_message_during_an_attack(
    adapter: Adapter, hostile: list[str], notices: int
) -> None:
    consumers = build(adapter.Consumer)
    target = consumers.Target
    async with (
        adapter.communicator(target) as attacker,
        adapter.communicator(target) as good,
    ):
        step = max(1, len(hostile) // notices)
        sent: list[str] = []
        for i, text in enumerate(hostile):
            await send_raw(attacker, text=text)
            if i % step == 0 and len(sent) < notices:
                sent.append(f"n{i}")
                await target.broadcast_event(Announce(payload=sent[-1]), "hostile")
        got = await next_frames(good, 2 * len(sent))
        assert [f["payload"] for f in got if f["action"] == "announced"] == sent
        assert [f["action"] for f in got].count("event_complete") == len(sent)
        await assert_still_usable(good)
