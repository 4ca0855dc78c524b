"""``demo.sh --redis URL``: two demo processes on one Redis share rooms, presence and history."""

import asyncio
import json
import uuid
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from tests.services import require_redis
from tests.shared.net import free_port
from tests.suites.e2e.servers import run_server

FRAMES = 20  # bounds every wait for a frame (each recv has its own timeout)


async def _until(ws: ClientConnection, action: str) -> dict[str, Any]:
    for _ in range(FRAMES):
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if frame["action"] == action:
            return frame
    raise AssertionError(f"no {action} frame")


async def _subscribe(ws: ClientConnection, topic: str, **extra: Any) -> dict[str, Any]:
    await ws.send(json.dumps({"action": "subscribe", "topic": topic, "ref": "s", **extra}))
    return await _until(ws, "subscribed")


async def _say(ws: ClientConnection, topic: str, text: str) -> None:
    frame = {"action": "say", "topic": topic, "payload": {"text": text}}
    await ws.send(json.dumps(frame))


async def test_two_demo_processes_share_rooms_presence_and_history() -> None:
    redis = require_redis()
    env = {"CHANX_DEMO_REDIS_PREFIX": f"chanx-demo-test-{uuid.uuid4().hex[:8]}"}
    first, second = free_port(), free_port()
    topic = "room:lobby"
    with (
        run_server(
            ["-m", "examples.demo", "--port", str(first), "--redis", redis], first, env
        ) as one,
        run_server(
            ["-m", "examples.demo", "--port", str(second), "--redis", redis], second, env
        ) as two,
    ):
        async with connect(f"ws://{one}/ws/rooms/?name=ann") as ann:
            epoch = (await _subscribe(ann, topic))["epoch"]
            async with connect(f"ws://{two}/ws/rooms/?name=bob") as bob:
                await _subscribe(bob, topic)
                # bob (process two) joining is pushed to ann (process one), and listed.
                joined = await _until(ann, "presence_join")
                while joined["payload"]["info"]["name"] != "bob":
                    joined = await _until(ann, "presence_join")
                await ann.send(json.dumps({"action": "presence", "topic": topic, "ref": "p"}))
                state = await _until(ann, "presence_state")
                names = sorted(m["info"]["name"] for m in state["payload"]["members"])
                assert names == ["ann", "bob"]

                await _say(bob, topic, "across processes")
                line = await _until(ann, "line_posted")
                assert line["payload"]["name"] == "bob"
                assert line["payload"]["text"] == "across processes"
                since = {"offset": line["offset"], "epoch": epoch}

            left = await _until(ann, "presence_leave")
            assert left["payload"]["info"] == {"name": "bob"}

        # ann is gone; bob says two lines on process two; ann comes back on process one.
        async with connect(f"ws://{two}/ws/rooms/?name=bob") as bob:
            await _subscribe(bob, topic)
            for text in ("missed one", "missed two"):
                await _say(bob, topic, text)
            await _until(bob, "line_posted")
            await _until(bob, "line_posted")
            async with connect(f"ws://{one}/ws/rooms/?name=ann") as ann:
                reply = await _subscribe(ann, topic, since=since)
                assert reply["recovered"] is True
                missed = [(await _until(ann, "line_posted"))["payload"]["text"] for _ in range(2)]
                assert missed == ["missed one", "missed two"]
