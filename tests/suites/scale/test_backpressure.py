"""Backpressure through a real uvicorn server: slow handlers and slow clients stay bounded."""

import asyncio
from typing import Any

import psutil  # type: ignore[import-untyped]

from tests.suites.scale.client import (
    abort_with_reset,
    eventually,
    expect_silence,
    open_client,
    payloads,
    recv_until,
    roundtrip,
    send,
)
from tests.suites.scale.conftest import GroupMembers
from tests.suites.scale.consumers import ROOM
from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]
MB = 1024 * 1024
PAD = "x" * 16 * 1024  # clients disable compression, so this is 16 KiB on the wire
LAYER_CAPACITY = 100  # examples/deploy/django_settings.py and fast-channels' default


def _rss(server: Server) -> int:
    return int(psutil.Process(server.pid).memory_info().rss)


async def _stats(ws: Any) -> dict[str, int]:
    reply = await roundtrip(ws, "stats")
    assert reply["action"] == "stats_reply"
    stats: dict[str, int] = reply["payload"]
    return stats


async def _server_let_go(group_members: GroupMembers, prefix: str, baseline: int) -> None:
    """Wait until the servers dropped every connection of the test (bounded).

    The servers are shared by the module: a connection still draining buffered frames would
    otherwise leak handler counts and group members into the next test.
    """
    await eventually(lambda: group_members.count(prefix, ROOM) <= baseline, timeout=30)


async def test_slow_handlers_cap_inflight_frames_and_stop_reading(
    stack: Stack, group_members: GroupMembers
) -> None:
    _, prefix, (_, server) = stack  # uvicorn in both stacks
    baseline = group_members.count(prefix, ROOM)
    control = await open_client(server.url)
    flood = await open_client(server.url)
    frames_total = 1000  # 1000 x 16 KiB = 16 MiB the server must not swallow
    try:
        assert (await roundtrip(control, "arm"))["payload"]["started"] == 0
        before = _rss(server)

        async def send_all() -> None:
            for n in range(frames_total):
                await send(flood, "hold", {"n": n, "pad": PAD})

        sender = asyncio.create_task(send_all())
        started = {"n": 0}

        async def poll() -> None:
            started["n"] = (await _stats(control))["started"]

        for _ in range(200):
            await poll()
            if started["n"] >= 4:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # room for any (unwanted) buffering to show up
        stats = await _stats(control)
        # max_concurrent_messages = 4: never more handlers in flight, none queued as tasks.
        assert stats == {"running": 4, "peak": 4, "started": 4, "max_buffered": 0}
        # Whatever the kernel's socket buffers took, the server process did not buffer it.
        assert _rss(server) - before < 8 * MB
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
    finally:
        await send(control, "release")
        abort_with_reset(flood)  # a polite close would queue behind megabytes of frames
        await control.close()
        await _server_let_go(group_members, prefix, baseline)


async def test_max_concurrent_one_handles_frames_in_order(
    stack: Stack, group_members: GroupMembers
) -> None:
    _, prefix, (_, server) = stack
    baseline = group_members.count(prefix, ROOM)
    control = await open_client(server.url)
    ordered = await open_client(server.ordered_url)
    try:
        await roundtrip(control, "arm")
        for n in range(20):
            await send(ordered, "hold", {"n": n})
        for _ in range(200):
            if (await _stats(control))["started"] >= 1:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        assert await _stats(control) == {
            "running": 1,
            "peak": 1,
            "started": 1,
            "max_buffered": 0,
        }
        await send(control, "release")
        frames = await recv_until(ordered, lambda fs: len(fs) == 20)
        assert payloads(frames, "held") == list(range(20))
    finally:
        await send(control, "release")
        await ordered.close()
        await control.close()
        await _server_let_go(group_members, prefix, baseline)


async def test_client_that_never_reads_does_not_grow_server_memory(
    stack: Stack, group_members: GroupMembers
) -> None:
    _, prefix, (a, b) = stack
    before_members = group_members.count(prefix, ROOM)
    # max_queue=1: the client stops reading its socket after one unread frame.
    stalled = await open_client(b.url, max_queue=1, small_buffer=True)
    healthy = await open_client(b.url)
    # The ordered route (max_concurrent_messages = 1) broadcasts in the order it was sent.
    publisher = await open_client(a.ordered_url)
    total, window = 1000, 25  # 1000 x 16 KiB = 16 MiB addressed to the stalled client
    try:
        await eventually(lambda: group_members.count(prefix, ROOM) == before_members + 3)
        before = _rss(b)
        received: list[int] = []
        for start in range(0, total, window):
            for n in range(start, min(start + window, total)):
                await send(publisher, "shout", f"{n}:{PAD}")
            # Pace on the healthy readers, so no healthy backlog nears the layer capacity.
            await recv_until(publisher, lambda fs: len(payloads(fs, "shouted")) == window)
            frames = await recv_until(healthy, lambda fs: len(payloads(fs, "shouted")) == window)
            received += [int(p.split(":")[0]) for p in payloads(frames, "shouted")]
        assert received == list(range(total))  # the healthy client got everything, in order
        assert _rss(b) - before < 8 * MB
        # Inside the process, the stalled connection's backlog is capped by the layer capacity.
        assert 0 < (await _stats(healthy))["max_buffered"] <= LAYER_CAPACITY

        # The stalled client is still connected; reading now, it gets the newest messages.
        last = f"{total - 1}:{PAD}"
        got = await recv_until(stalled, lambda fs: last in payloads(fs, "shouted"), timeout=30)
        # Oldest messages beyond the socket buffers and the layer capacity were dropped.
        assert len(payloads(got, "shouted")) < total
        await send(stalled, "ping")
        frames = await recv_until(stalled, lambda fs: bool(payloads(fs, "pong") or fs[-1:]))
        assert frames[-1]["action"] in ("pong", "shouted")
        assert await expect_silence(healthy) == []
    finally:
        abort_with_reset(stalled)
        for ws in (healthy, publisher):
            await ws.close()
        await _server_let_go(group_members, prefix, before_members)
