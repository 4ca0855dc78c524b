"""The FastAPI chat example, driven in-process with the chanx communicator."""

import json

import httpx
import pytest
from examples.fastapi_chat import worker
from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.messages import (
    Announcement,
    ChatMessage,
    ChatNotice,
    ChatNoticePayload,
    ChatText,
)
from fastapi import FastAPI

from chanx.core.wire.frames import BINARY_FRAME_DETAIL, PROCESSING_FAILED_DETAIL
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


def chat(app: FastAPI, room: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(app, f"/ws/chat/{room}", consumer=ChatConsumer)


async def test_ping_through_the_mounted_sub_app(chat_app: FastAPI) -> None:
    async with chat(chat_app, "blue") as client:
        await client.send_message(PingMessage())
        assert await client.receive_all_messages() == [PongMessage()]


async def test_connect_accepts(chat_app: FastAPI) -> None:
    client = chat(chat_app, "blue")
    try:
        assert await client.connect() == (True, None)
    finally:
        await client.disconnect()


async def test_chat_reaches_the_room_only(chat_app: FastAPI) -> None:
    async with (
        chat(chat_app, "blue") as alice,
        chat(chat_app, "blue") as bob,
        chat(chat_app, "red") as carol,
    ):
        await alice.send_message(ChatMessage(payload=ChatText(text="hi blue")))
        expected = [ChatNotice(payload=ChatNoticePayload(room="blue", text="hi blue"))]
        assert await alice.receive_all_messages(stop_action="group_complete") == expected
        assert await bob.receive_all_messages(stop_action="group_complete") == expected
        assert await carol.receive_all_json(timeout=0.2) == []


async def test_room_from_url_encoded_path(chat_app: FastAPI) -> None:
    async with chat(chat_app, "weekly%20sync") as client:
        await client.send_message(ChatMessage(payload=ChatText(text="x")))
        got = await client.receive_all_messages(stop_action="group_complete")
        assert got == [ChatNotice(payload=ChatNoticePayload(room="weekly sync", text="x"))]


async def test_http_route_announces_to_the_room(chat_app: FastAPI, http: httpx.AsyncClient) -> None:
    async with chat(chat_app, "blue") as blue, chat(chat_app, "red") as red:
        response = await http.post("/rooms/blue/announce", json={"text": "deploy at 5"})
        assert response.status_code == 200
        assert response.json() == {"room": "blue", "group": "chat.room.blue"}
        assert await blue.receive_all_messages(stop_action="event_complete") == [
            Announcement(payload="deploy at 5")
        ]
        assert await red.receive_all_json(timeout=0.2) == []


async def test_http_route_validates_its_body(http: httpx.AsyncClient) -> None:
    response = await http.post("/rooms/blue/announce", json={"nope": 1})
    assert response.status_code == 422


async def test_health_reports_the_in_memory_layer(http: httpx.AsyncClient) -> None:
    response = await http.get("/health")
    assert response.json() == {"status": "ok", "layer": "memory"}


async def test_hostile_frames_get_error_frames_and_keep_the_socket(chat_app: FastAPI) -> None:
    async with chat(chat_app, "blue") as client:
        await client.send_to(text_data="{not json")
        await client.send_to(bytes_data=b"\x00\x01")
        await client.send_json_to({"action": "nope"})
        frames = await client.receive_all_json()
        # Frames are processed concurrently: compare the replies regardless of order.
        errors = sorted(json.dumps(f["payload"]) for f in frames if f["action"] == "error")
        assert errors == sorted(
            [
                json.dumps({"detail": PROCESSING_FAILED_DETAIL}),
                json.dumps({"detail": BINARY_FRAME_DETAIL}),
                json.dumps(
                    [
                        {
                            "type": "union_tag_invalid",
                            "loc": [],
                            "msg": "Input tag 'nope' found using 'action' does not match any "
                            "of the expected tags: 'chat', 'ping'",
                        }
                    ]
                ),
            ]
        )
        assert [f["action"] for f in frames].count("complete") == 3
        await client.send_message(PingMessage())
        assert await client.receive_all_messages() == [PongMessage()]


def test_worker_refuses_to_run_without_redis(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CHANX_REDIS_URL", raising=False)
    assert worker.main(["blue", "hello"]) == 2
    assert "CHANX_REDIS_URL" in capsys.readouterr().err
