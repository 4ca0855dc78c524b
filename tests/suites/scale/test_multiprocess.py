"""Two server processes on one real Redis: broadcasts, events from a third process, cleanup."""

import asyncio
import subprocess
import sys
import uuid

from tests.suites.scale.client import (
    abort_with_reset,
    eventually,
    expect_silence_all,
    open_client,
    payloads,
    recv_until,
    send,
)
from tests.suites.scale.conftest import GroupMembers
from tests.suites.scale.consumers import ROOM
from tests.suites.scale.servers import ROOT, Server, server_env

Stack = tuple[str, str, list[Server]]


async def test_broadcast_from_server_a_reaches_both_servers_exactly_once(
    stack: Stack, group_members: GroupMembers
) -> None:
    name, prefix, (a, b) = stack
    clients = [await open_client(url) for url in (a.url, a.url, b.url, b.url)]
    try:
        await eventually(lambda: group_members.count(prefix, ROOM) == len(clients))
        text = f"hello-{uuid.uuid4().hex[:6]}"
        await send(clients[0], "shout", text)
        received = [
            await recv_until(ws, lambda fs: text in payloads(fs, "shouted")) for ws in clients
        ]
        for frames, late in zip(received, await expect_silence_all(clients), strict=True):
            frames += late
            assert payloads(frames, "shouted") == [text], (name, frames)
    finally:
        for ws in clients:
            await ws.close()


async def test_event_from_a_third_process_reaches_every_client_once(
    stack: Stack, redis_url: str, group_members: GroupMembers
) -> None:
    name, prefix, (a, b) = stack
    clients = [await open_client(a.url), await open_client(b.url)]
    try:
        await eventually(lambda: group_members.count(prefix, ROOM) == len(clients))
        text = f"event-{uuid.uuid4().hex[:6]}"
        script = [sys.executable, "-m", "tests.suites.scale.send_event", name, text]
        done = await asyncio.to_thread(
            subprocess.run,
            script,
            cwd=ROOT,
            env=server_env(name, redis_url, prefix),
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        received = [
            await recv_until(ws, lambda fs: text in payloads(fs, "noticed")) for ws in clients
        ]
        for frames, late in zip(received, await expect_silence_all(clients), strict=True):
            frames += late
            assert payloads(frames, "noticed") == [text]
    finally:
        for ws in clients:
            await ws.close()


async def test_group_membership_cleaned_up_on_close_and_on_tcp_reset(
    stack: Stack, group_members: GroupMembers
) -> None:
    _, prefix, (a, b) = stack
    before = group_members.count(prefix, ROOM)
    polite_a, rude_a = await open_client(a.url), await open_client(a.url)
    polite_b, rude_b = await open_client(b.url), await open_client(b.url)
    await eventually(lambda: group_members.count(prefix, ROOM) == before + 4)

    await polite_a.close()
    await polite_b.close()
    await eventually(lambda: group_members.count(prefix, ROOM) == before + 2)

    # No close frame at all: the kernel sends RST and the servers must notice on their own.
    abort_with_reset(rude_a)
    abort_with_reset(rude_b)
    await eventually(lambda: group_members.count(prefix, ROOM) == before)

    # The servers are still healthy afterwards.
    survivor = await open_client(b.url)
    try:
        await send(survivor, "ping")
        frames = await recv_until(survivor, lambda fs: bool(fs))
        assert frames == [{"action": "pong", "payload": None}]
    finally:
        await survivor.close()
