"""Group membership stays exact under connection churn (docs/deploy.md, "Delivery guarantees").

Issue: after 15,000 connect/close cycles at 500/s, 1,189-2,643 stale members remained in the
connect group; every later broadcast paid for them until the group expiry (a day by
default): a broadcast relayed to a client that had just gone raised out of the connection,
which then ended without leaving its groups. Here 2,000 cycles run against each server of both stacks, half of them closed
cleanly and half reset without a close frame, some before the handshake finished, while a
publisher broadcasts to the group every 2 ms; once the
servers have let go, the group holds exactly the members it held before.
"""

import asyncio
import contextlib
import socket

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from tests.suites.scale.client import abort_with_reset, eventually, open_client, send
from tests.suites.scale.conftest import GroupMembers
from tests.suites.scale.consumers import ROOM
from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]
CYCLES = 2_000
BURST = 250


async def _cycle(server: Server, n: int) -> None:
    if n % 10 == 9:  # gone during the handshake: the request is sent, then reset
        _, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(
            b"GET /ws/scale/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        await writer.drain()
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        writer.transport.abort()
        return
    ws = await open_client(server.url)
    await asyncio.sleep(0.2)  # the whole burst is connected, then leaves at once
    if n % 2:
        abort_with_reset(ws)
    else:
        await ws.close()


async def _churn(server: Server) -> None:
    """``CYCLES`` connect/close cycles in rounds of ``BURST`` connections that open together
    and close together, so the servers leave many groups at once."""

    async def one(n: int) -> None:
        with contextlib.suppress(OSError, TimeoutError):
            await _cycle(server, n)

    for start in range(0, CYCLES, BURST):
        await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(start, start + BURST))), 120)


async def _talk(ws: ClientConnection) -> None:
    """Broadcasts to the group during the churn: relays reach clients as they leave."""
    reader = asyncio.create_task(_drain(ws))
    try:
        for n in range(1_000_000):  # bounded: cancelled when the churn ends
            await send(ws, "shout", f"churn-{n}")
            await asyncio.sleep(0.002)
    finally:
        reader.cancel()


async def _drain(ws: ClientConnection) -> None:
    with contextlib.suppress(ConnectionClosed):
        async for _ in ws:
            pass


@pytest.mark.timeout(180)  # two rounds of 2,000 cycles on a shared 2-core machine
async def test_membership_is_exact_after_connect_close_churn(
    stack: Stack, group_members: GroupMembers
) -> None:
    name, prefix, servers = stack
    baseline = group_members.count(prefix, ROOM)
    publisher = await open_client(servers[0].ordered_url)
    talking = asyncio.create_task(_talk(publisher))
    try:
        for server in servers:
            await _churn(server)
    finally:
        talking.cancel()
        await publisher.close()
    with contextlib.suppress(TimeoutError):
        await eventually(lambda: group_members.count(prefix, ROOM) <= baseline, timeout=20)
    assert group_members.count(prefix, ROOM) == baseline, name
