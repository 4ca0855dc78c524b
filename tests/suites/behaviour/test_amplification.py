"""A hostile frame gets a bounded answer, and a flood of bad frames a bounded log.

Issue: a 1 MB unknown action came back whole, an object action came back as its Python
repr, a 64 KB list of bad items produced a 2.1 MB error frame, and every refused or
undecodable frame logged a warning.
"""

import json
from typing import Any, Literal

from structlog.testing import capture_logs

from chanx.core.connection.log_budget import BURST
from chanx.core.decorators import ws_handler
from chanx.core.wire.error_bounds import MAX_ENTRIES, TOO_MANY_TYPE
from chanx.ext.fast_channels.testing import WebsocketCommunicator
from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Numbers(BaseMessage):
    action: Literal["numbers"] = "numbers"
    payload: list[int]


class Guarded(AsyncJsonWebsocketConsumer):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def numbers(self, message: Numbers) -> PongMessage:
        return PongMessage()


def communicator() -> WebsocketCommunicator:
    return WebsocketCommunicator(Guarded.as_asgi(), "/ws", consumer=Guarded)


async def answer_to(frame: str) -> tuple[str | bytes, Any]:
    async with communicator() as client:
        await client.send_to(text_data=frame)
        raw = await client.receive_from(timeout=5)
    return raw, json.loads(raw)


async def test_a_huge_unknown_action_is_not_echoed_whole() -> None:
    raw, frame = await answer_to(json.dumps({"action": "x" * 500_000}))
    assert frame["payload"][0]["type"] == "union_tag_invalid"
    assert len(raw) < 1000


async def test_an_object_action_is_not_shown_as_python_repr() -> None:
    _, frame = await answer_to(json.dumps({"action": {"nested": [1, 2]}}))
    msg = frame["payload"][0]["msg"]
    assert "'nested'" not in msg and "<object>" in msg
    _, frame = await answer_to(json.dumps({"action": [1, 2]}))
    assert "<array>" in frame["payload"][0]["msg"]


async def test_a_short_unknown_action_keeps_the_usual_message() -> None:
    _, frame = await answer_to(json.dumps({"action": "nope"}))
    assert frame["payload"] == [
        {
            "type": "union_tag_invalid",
            "loc": [],
            "msg": "Input tag 'nope' found using 'action' does not match any of the expected "
            "tags: 'numbers', 'ping'",
        }
    ]


async def test_many_invalid_items_are_capped_and_counted() -> None:
    raw, frame = await answer_to(json.dumps({"action": "numbers", "payload": ["x"] * 10_000}))
    entries = frame["payload"]
    assert len(entries) == MAX_ENTRIES + 1
    assert entries[-1] == {
        "type": TOO_MANY_TYPE,
        "loc": [],
        "msg": f"{10_000 - MAX_ENTRIES} more errors not shown",
    }
    assert all(e["type"] == "int_parsing" for e in entries[:-1])
    assert len(raw) < 10_000


async def test_warnings_of_one_connection_are_rate_limited() -> None:
    with capture_logs() as logs:
        async with communicator() as client:
            for _ in range(50):
                await client.send_to(text_data="{not json")
                await client.receive_from(timeout=5)
            await client.send_to(bytes_data=b"\x00")
            await client.receive_from(timeout=5)
    warnings = [e for e in logs if e.get("log_level") == "warning"]
    assert len(warnings) == BURST
    async with communicator() as other:  # another connection has its own allowance
        with capture_logs() as logs:
            await other.send_to(text_data="{not json")
            await other.receive_from(timeout=5)
    assert [e["event"] for e in logs if e.get("log_level") == "warning"] == [
        "Undecodable websocket frame"
    ]
