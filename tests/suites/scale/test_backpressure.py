"""Backpressure through real servers: slow handlers and slow clients stay bounded."""

import asyncio
from typing import Any

import psutil  # type: ignore[import-untyped]
import pytest
from websockets.exceptions import ConnectionClosed

from chanx.core.connection.transport import CLOSE_SLOW_CLIENT, SLOW_CLIENT_REASON
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
from tests.suites.scale.logs import log_lines, wait_for_log
from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]
MB = 1024 * 1024
PAD = "x" * 16 * 1024  # clients disable compression, so this is 16 KiB on the wire
PAD_1K = "x" * 1000
# Broadcasts, at most WINDOW of them unread at a time. The Redis layer's capacity (100 by
# default) bounds one inbox per server process, shared by every local channel: the stalled and
# the healthy client's server receives 2 x WINDOW per window, which must stay well below it
# even when a loaded machine lets the server fall behind (past it the layer drops messages).
TOTAL, WINDOW = 10_000, 20
RSS_BOUND = 24 * MB
SLOW = "Client too slow"


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


@pytest.mark.timeout(240)  # 2 x 10,000 broadcasts, paced, on a shared 2-core machine
async def test_a_client_that_never_reads_is_closed_at_its_outbound_budget(
    stack: Stack, group_members: GroupMembers
) -> None:
    """10,000 broadcasts of 1 KB to a group with a client that never reads: the server's RSS
    grows by less than ``RSS_BOUND``, the stalled client is closed with 4008 once its
    outbound budget (1,000 frames / 4 MiB by default) is exceeded, one line is logged, and
    a healthy client of the same group receives all 10,000 in order."""
    _, prefix, servers = stack
    for server, other in ((servers[0], servers[1]), (servers[1], servers[0])):
        await _stall_one(server, other, prefix, group_members)


async def _read_after_close(server: Server, seen: int, ws: Any) -> ConnectionClosed:
    await asyncio.to_thread(wait_for_log, server.log, SLOW, seen + 1, 120.0)
    try:
        await recv_until(ws, lambda fs: False, timeout=30)
    except ConnectionClosed as closed:
        return closed
    raise AssertionError("the stalled client was not closed")


async def _stall_one(
    server: Server, other: Server, prefix: str, group_members: GroupMembers
) -> None:
    """One stack server as the stalled client's server, the other one publishing."""
    before_members = group_members.count(prefix, ROOM)
    slow_lines = len(log_lines(server.log, SLOW))
    # max_queue=1: the client stops reading its socket after one unread frame.
    stalled = await open_client(server.url, max_queue=1, small_buffer=True)
    watcher: asyncio.Task[ConnectionClosed] | None = None
    healthy = await open_client(server.url)
    # The ordered route (max_concurrent_messages = 1) broadcasts in the order it was sent.
    publisher = await open_client(other.ordered_url)
    try:
        await eventually(lambda: group_members.count(prefix, ROOM) == before_members + 3)
        before = _rss(server)
        # Once the server logs the close, the stalled client reads again: it gets what was
        # already written, then the close frame (daphne drops a connection that does not
        # answer its close within a second, so the client must not wait for the end).
        watcher = asyncio.create_task(_read_after_close(server, slow_lines, stalled))
        received: list[int] = []
        for start in range(0, TOTAL, WINDOW):
            for n in range(start, min(start + WINDOW, TOTAL)):
                await send(publisher, "shout", f"{n}:{PAD_1K}")
            # Pace on the healthy readers, so no server's inbox nears the layer capacity.
            await recv_until(publisher, lambda fs: len(payloads(fs, "shouted")) == WINDOW)
            frames = await recv_until(healthy, lambda fs: len(payloads(fs, "shouted")) == WINDOW)
            received += [int(p.split(":")[0]) for p in payloads(frames, "shouted")]
        assert received == list(range(TOTAL))  # the healthy client got everything, in order
        grown = _rss(server) - before
        assert grown < RSS_BOUND, (server.kind, grown / MB)
        lines = wait_for_log(server.log, SLOW, slow_lines + 1)[slow_lines:]
        assert len(lines) == 1 and f"code={CLOSE_SLOW_CLIENT}" in lines[0], lines

        closed = await asyncio.wait_for(watcher, 60)
        assert closed.rcvd is not None, (server.kind, "dropped without a close frame")
        assert (closed.rcvd.code, closed.rcvd.reason) == (CLOSE_SLOW_CLIENT, SLOW_CLIENT_REASON)
        assert await expect_silence(healthy) == []
    finally:
        if watcher is not None:
            watcher.cancel()
        if stalled.close_code is None:
            abort_with_reset(stalled)
        for ws in (healthy, publisher):
            await ws.close()
        await _server_let_go(group_members, prefix, before_members)
