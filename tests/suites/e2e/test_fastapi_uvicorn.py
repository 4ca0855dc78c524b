"""The FastAPI example under uvicorn on a free loopback port, with a real WebSocket client."""

import asyncio
import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.shared.net import free_port
from tests.suites.e2e.servers import run_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``python -m examples.fastapi_chat`` on the in-memory layer (no Redis, no Django)."""
    port = free_port()
    with run_server(
        ["-m", "examples.fastapi_chat", "--port", str(port)], port, env={"CHANX_REDIS_URL": ""}
    ) as address:
        yield address


async def frames_until(ws: ClientConnection, action: str, limit: int = 20) -> list[dict[str, Any]]:
    """Read frames up to and including the first with ``action`` (bounded in count and time)."""
    got: list[dict[str, Any]] = []
    async with asyncio.timeout(5):
        for _ in range(limit):
            frame = json.loads(await ws.recv())
            got.append(frame)
            if frame["action"] == action:
                return got
    raise AssertionError(f"no {action!r} frame in {got}")


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def post_json(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


async def test_health_over_http(server: str) -> None:
    health = await asyncio.to_thread(get_json, f"http://{server}/health")
    assert health == {"status": "ok", "layer": "memory"}


async def test_ping_and_chat_over_a_real_socket(server: str) -> None:
    async with (
        connect(f"ws://{server}/ws/chat/blue") as alice,
        connect(f"ws://{server}/ws/chat/blue") as bob,
    ):
        await alice.send(json.dumps({"action": "ping"}))
        assert await frames_until(alice, "complete") == [
            {"action": "pong", "payload": None},
            {"action": "complete", "payload": None},
        ]
        await bob.send(json.dumps({"action": "ping"}))  # bob has joined the room once answered
        await frames_until(bob, "complete")
        await alice.send(json.dumps({"action": "chat", "payload": {"text": "hi"}}))
        notice = {"action": "chat_notice", "payload": {"room": "blue", "text": "hi"}}
        assert notice in await frames_until(alice, "group_complete")
        assert await frames_until(bob, "group_complete") == [
            notice,
            {"action": "group_complete", "payload": None},
        ]


async def test_hostile_frames_over_a_real_socket(server: str) -> None:
    async with connect(f"ws://{server}/ws/chat/red") as ws:
        await ws.send("{oops")
        assert await frames_until(ws, "complete") == [
            {"action": "error", "payload": {"detail": "Failed to process message"}},
            {"action": "complete", "payload": None},
        ]
        await ws.send(json.dumps({"action": "chat", "payload": {}}))
        assert await frames_until(ws, "complete") == [
            {
                "action": "error",
                "payload": [
                    {"type": "missing", "loc": ["chat", "payload", "text"], "msg": "Field required"}
                ],
            },
            {"action": "complete", "payload": None},
        ]
        await ws.send(b"\x00binary")
        error, _ = await frames_until(ws, "complete")
        assert error["action"] == "error" and "Binary" in error["payload"]["detail"]


async def test_http_route_announces_to_connected_clients(server: str) -> None:
    async with connect(f"ws://{server}/ws/chat/green") as ws:
        await ws.send(json.dumps({"action": "ping"}))
        await frames_until(ws, "complete")  # connected and in the room
        result = await asyncio.to_thread(
            post_json, f"http://{server}/rooms/green/announce", {"text": "lunch"}
        )
        assert result == {"room": "green", "group": "chat.room.green"}
        assert await frames_until(ws, "event_complete") == [
            {"action": "announcement", "payload": "lunch"},
            {"action": "event_complete", "payload": None},
        ]


async def test_asyncapi_document_names_the_serving_host_and_port(server: str) -> None:
    document = await asyncio.to_thread(get_json, f"http://{server}/asyncapi.json")
    assert list(document["servers"].values()) == [{"host": server, "protocol": "ws"}]
    assert document["channels"]["chat"]["address"] == "/ws/chat/{room}"
