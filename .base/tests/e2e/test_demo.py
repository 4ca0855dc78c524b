"""The README's demo: a real uvicorn server on loopback, real WebSocket clients."""

import asyncio
import json
import urllib.request
from typing import Any

import websockets


async def _next(ws: Any) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
    return frame


async def test_ping_pong(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/lobby/") as ws:
        await ws.send(json.dumps({"action": "ping"}))
        assert await _next(ws) == {"action": "pong", "payload": None}


async def test_chat_reaches_everyone_in_the_room_only(demo: str) -> None:
    async with (
        websockets.connect(f"ws://{demo}/ws/chat/blue/") as alice,
        websockets.connect(f"ws://{demo}/ws/chat/blue/") as bob,
        websockets.connect(f"ws://{demo}/ws/chat/red/") as carol,
    ):
        await alice.send(
            json.dumps({"action": "send_chat", "payload": {"name": "alice", "text": "hi"}})
        )
        expected = {"action": "chat_posted", "payload": {"name": "alice", "text": "hi"}}
        assert await _next(alice) == expected
        assert await _next(bob) == expected
        await carol.send(json.dumps({"action": "ping"}))
        assert await _next(carol) == {"action": "pong", "payload": None}


async def test_bad_frames_get_error_frames_and_connection_survives(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/lobby/") as ws:
        await ws.send("not json")
        assert await _next(ws) == {
            "action": "error",
            "payload": {"detail": "Failed to process message"},
        }
        await ws.send(json.dumps({"action": "send_chat", "payload": {"name": "", "text": "x"}}))
        error = await _next(ws)
        assert error["action"] == "error"
        assert error["payload"][0]["loc"] == ["send_chat", "payload", "name"]
        await ws.send(b"\x00binary")
        assert (await _next(ws))["action"] == "error"
        await ws.send(json.dumps({"action": "ping"}))
        assert await _next(ws) == {"action": "pong", "payload": None}


async def test_notice_from_plain_django_view(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/green/") as ws:
        await ws.send(json.dumps({"action": "ping"}))
        await _next(ws)  # joined
        request = urllib.request.Request(
            f"http://{demo}/rooms/green/notify/",
            data=json.dumps({"text": "server restarts at 5"}).encode(),
            method="POST",
        )
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(
            None, lambda: urllib.request.urlopen(request, timeout=5)
        )
        assert json.loads(response.read()) == {"sent": True}
        assert await _next(ws) == {"action": "room_notice", "payload": "server restarts at 5"}
