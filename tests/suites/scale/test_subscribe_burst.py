"""300 simultaneous subscribes with ``since`` to history and presence topics all succeed.

Issue: 99 of 300 succeeded and 201 got an error (``Too many connections``: the async Redis
pool capped at 100 and failed at once), with 600 log lines and 200 tracebacks; presence
listed 100 of 301 members. Now every pool waits for a free connection (``pool_timeout``).
"""

import asyncio
import json
import uuid
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from tests.suites.scale.client import open_client
from tests.suites.scale.logs import log_lines
from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]
CLIENTS = 300
SINCE = {"offset": 0, "epoch": "an-old-epoch"}  # recovery is attempted (and refused)


async def _reply(ws: ClientConnection, ref: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await ws.recv())
        if frame.get("ref") == ref and frame["action"] != "complete":
            return frame


async def _subscribe(
    ws: ClientConnection, topic: str, ref: str, since: dict[str, Any] | None = None
) -> dict[str, Any]:
    frame: dict[str, Any] = {"version": 1, "topic": topic, "ref": ref, "action": "subscribe"}
    if since is not None:
        frame["since"] = since
    await ws.send(json.dumps(frame))
    return await _reply(ws, ref)


@pytest.mark.timeout(180)  # 300 connections per server on a shared 2-core machine
async def test_300_simultaneous_subscribes_with_since_all_succeed(stack: Stack) -> None:
    server = stack[2][0]
    pk = uuid.uuid4().hex[:8]
    noise = len(log_lines(server.log, "Too many connections"))
    clients = [await open_client(f"{server.live_url}?name=c{n}") for n in range(CLIENTS)]
    try:
        live = await asyncio.wait_for(
            asyncio.gather(
                *(_subscribe(ws, f"live:{pk}", f"l{n}", SINCE) for n, ws in enumerate(clients))
            ),
            120,
        )
        assert [r["action"] for r in live] == ["subscribed"] * CLIENTS, live[:3]
        who = await asyncio.wait_for(
            asyncio.gather(*(_subscribe(ws, f"who:{pk}", f"w{n}") for n, ws in enumerate(clients))),
            120,
        )
        assert [r["action"] for r in who] == ["subscribed"] * CLIENTS, who[:3]
        assert len(log_lines(server.log, "Too many connections")) == noise
    finally:
        await asyncio.gather(*(ws.close() for ws in clients))
