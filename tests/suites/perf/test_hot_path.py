"""Hot-path shortcuts keep behaviour: eager frames, cached settings, final-send flush, big frames."""

import asyncio
import contextvars
import gc
import json
from typing import Any, Literal

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from chanx.channels.settings import DjangoConfig
from chanx.channels.utils.settings import settings_context
from chanx.core.connection.eager import start_eagerly
from chanx.core.decorators import ws_handler
from chanx.core.wire.large_frames import LARGE_FRAME_CHARS, validate_large_json
from chanx.messages.base import BaseMessage
from tests.conftest import Adapter

marker: contextvars.ContextVar[str] = contextvars.ContextVar("marker", default="outer")


# -- start_eagerly ------------------------------------------------------------------------
async def test_eager_finishes_inline_without_leaking_context() -> None:
    ran: list[str] = []

    async def frame() -> None:
        marker.set("inner")
        ran.append(marker.get())

    assert start_eagerly(frame()) is None
    assert ran == ["inner"]
    assert marker.get() == "outer"


async def test_eager_suspending_frame_continues_as_task_in_its_context() -> None:
    gate: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    seen: list[Any] = []

    async def frame() -> None:
        marker.set("inner")
        seen.append(await gate)
        await asyncio.sleep(0)
        seen.append(marker.get())

    task = start_eagerly(frame())
    assert task is not None and not task.done()
    gate.set_result(5)
    await task
    assert seen == [5, "inner"]
    assert marker.get() == "outer"


async def test_eager_cancellation_reaches_the_frame() -> None:
    events: list[str] = []

    async def frame() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            events.append("cancelled")
            raise

    task = start_eagerly(frame())
    assert task is not None
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert events == ["cancelled"] and task.cancelled()


async def test_eager_errors_surface_inline_or_on_the_task() -> None:
    async def fails_at_once() -> None:
        raise KeyError("now")

    async def fails_later() -> None:
        await asyncio.sleep(0)
        raise KeyError("later")

    with pytest.raises(KeyError, match="now"):
        start_eagerly(fails_at_once())
    task = start_eagerly(fails_later())
    assert task is not None
    with pytest.raises(KeyError, match="later"):
        await task


# -- cached Django settings----------------------------------------------------------------
def test_cached_django_settings_follow_overrides() -> None:
    config = DjangoConfig()
    assert config.send_completion is False
    with settings_context(SEND_COMPLETION=True, MAX_MESSAGE_SIZE=10):
        assert config.send_completion is True
        assert config.max_message_size == 10
    assert config.send_completion is False
    assert config.max_message_size == 1_048_576


# -- large frames -------------------------------------------------------------------------
class Row(BaseModel):
    id: int
    tags: list[str]


def test_large_frame_validation_restores_gc() -> None:
    adapter = TypeAdapter(list[Row])
    text = json.dumps([{"id": i, "tags": ["a", "b"]} for i in range(3_000)])
    assert len(text) >= LARGE_FRAME_CHARS
    assert gc.isenabled()
    assert len(validate_large_json(adapter, text)) == 3_000
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        validate_large_json(adapter, '[{"id": "x"}]')
    assert gc.isenabled()
    gc.disable()
    try:
        validate_large_json(adapter, text)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- consumers on both adapters (fast path: logging off) -----------------------------------
class Bulk(BaseMessage):
    action: Literal["bulk"] = "bulk"
    payload: list[Row]


class BulkReply(BaseMessage):
    action: Literal["bulk_reply"] = "bulk_reply"
    payload: int


class Two(BaseMessage):
    action: Literal["two"] = "two"
    payload: None = None


class Note(BaseMessage):
    action: Literal["note"] = "note"
    payload: str


def _consumers(base: type[Any]) -> dict[str, type[Any]]:
    class Fast(base):  # type: ignore[misc]
        log_websocket_message = False
        send_completion = True

        @ws_handler
        async def bulk(self, message: Bulk) -> BulkReply:
            return BulkReply(payload=len(message.payload))

        @ws_handler(output_type=Note)
        async def two(self, message: Two) -> list[Note]:
            await self.send_message(Note(payload="pushed"))
            return [Note(payload="first"), Note(payload="second")]

    class CustomSend(Fast):
        sent: list[str] = []

        async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None:
            CustomSend.sent.append(str(message.action))
            await super().send_message(message, validate=validate)

    class CustomResult(Fast):
        results: list[Any] = []

        async def handle_result(self, result: Any) -> None:
            CustomResult.results.append(result)
            await super().handle_result(result)

    return {"fast": Fast, "send": CustomSend, "result": CustomResult}


def _notes(frames_: list[dict[str, Any]]) -> list[Any]:
    return [(f["action"], f["payload"]) for f in frames_]


async def test_replies_in_order_with_completion(adapter: Adapter) -> None:
    consumers = _consumers(adapter.Consumer)
    async with adapter.communicator(consumers["fast"]) as comm:
        await comm.send_message(Two())
        assert _notes(await comm.receive_all_json()) == [
            ("note", "pushed"),
            ("note", "first"),
            ("note", "second"),
            ("complete", None),
        ]


async def test_large_frame_on_the_wire(adapter: Adapter) -> None:
    consumers = _consumers(adapter.Consumer)
    rows = [{"id": i, "tags": ["x"]} for i in range(4_000)]
    async with adapter.communicator(consumers["fast"]) as comm:
        await comm.send_to(text_data=json.dumps({"action": "bulk", "payload": rows}))
        assert _notes(await comm.receive_all_json()) == [
            ("bulk_reply", 4_000),
            ("complete", None),
        ]
        await comm.send_to(text_data=json.dumps({"action": "bulk", "payload": [*rows, {}]}))
        (error, _complete) = await comm.receive_all_json()
        assert error["action"] == "error" and error["payload"][0]["type"] == "missing"
    assert gc.isenabled()


@pytest.mark.parametrize("kind", ["send", "result"])
async def test_overridden_send_hooks_still_see_every_reply(adapter: Adapter, kind: str) -> None:
    consumer = _consumers(adapter.Consumer)[kind]
    async with adapter.communicator(consumer) as comm:
        await comm.send_message(Two())
        assert len(await comm.receive_all_json()) == 4
    if kind == "send":
        assert consumer.sent == ["note", "note", "note"]
    else:
        assert consumer.results == [[Note(payload="first"), Note(payload="second")]]
