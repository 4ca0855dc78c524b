"""Testing a FastAPI (fast-channels) consumer with chanx's pytest plugin (docs/testing.md).

The ``test_*`` functions below are run by ``tests/unit/testing/test_docs.py``.
"""

from typing import Any, Literal

from fastapi import FastAPI

from chanx.core.decorators import event_handler, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.testing import (
    CommunicatorFactory,
    capture_broadcast_events,
    group_probe,
    isolated_channel_layers,
)
from chanx.testing.overrides import override_chanx_settings


# --- the application under test --------------------------------------------------------
class Post(BaseMessage):
    action: Literal["post"] = "post"
    payload: str


class Posted(BaseMessage):
    action: Literal["posted"] = "posted"
    payload: str


class RoomClosed(BaseMessage):
    action: Literal["room_closed"] = "room_closed"
    payload: str


class ClosingNotice(BaseMessage):
    action: Literal["closing_notice"] = "closing_notice"
    payload: str


class RoomConsumer(AsyncJsonWebsocketConsumer):
    channel_layer_alias = "default"
    groups = ["room"]
    send_completion = True

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(output_type=Posted)
    async def post(self, message: Post) -> None:
        await self.broadcast_message(Posted(payload=message.payload))

    @event_handler
    async def room_closed(self, event: RoomClosed) -> ClosingNotice:
        return ClosingNotice(payload=event.payload)


class QuietConsumer(AsyncJsonWebsocketConsumer):
    """Completion frames off (the default)."""

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


app = FastAPI()
app.router.add_websocket_route("/ws/room", RoomConsumer.as_asgi())


async def close_room(reason: str) -> None:
    """Code under test, e.g. called from an HTTP endpoint or a background job."""
    await RoomConsumer.broadcast_event(RoomClosed(payload=reason))


# --- tests -------------------------------------------------------------------------------
async def test_ping(chanx_communicator: Any, chanx_channel_layer: Any) -> None:
    ws = await chanx_communicator(app, "/ws/room", consumer=RoomConsumer)
    await ws.send_message(PingMessage())
    assert await ws.receive_all_messages() == [PongMessage()]


async def test_post_reaches_the_room(chanx_communicator: Any, chanx_channel_layer: Any) -> None:
    ann = await chanx_communicator(app, "/ws/room", consumer=RoomConsumer)
    bob = await chanx_communicator(app, "/ws/room", consumer=RoomConsumer)
    await ann.send_message(Post(payload="hi all"))
    await bob.assert_message_pushed(Posted, "hi all")
    await ann.assert_message_pushed(Posted, "hi all")
    await ann.assert_no_message()


async def test_close_room_broadcasts() -> None:
    async with capture_broadcast_events(RoomConsumer) as seen:
        await close_room("maintenance")
    seen.assert_broadcast(RoomClosed, "maintenance", group="room")


async def test_post_reaches_the_group(chanx_communicator: Any, chanx_channel_layer: Any) -> None:
    ann = await chanx_communicator(RoomConsumer)
    async with group_probe(RoomConsumer, "room") as room:
        await ann.send_message(Post(payload="hello"))
        await room.assert_received(Posted, "hello")


async def test_clients_hear_about_it(chanx_communicator: Any, chanx_channel_layer: Any) -> None:
    ws = await chanx_communicator(RoomConsumer)
    await close_room("bye")
    await ws.assert_message_pushed(ClosingNotice, "bye")


async def test_opt_in_completion(chanx_communicator: Any) -> None:
    ws = await chanx_communicator(QuietConsumer, completion=True)
    await ws.send_message(PingMessage())
    assert await ws.receive_all_messages() == [PongMessage()]  # returns at `complete`


async def test_without_fixtures() -> None:
    with isolated_channel_layers(), override_chanx_settings(SEND_COMPLETION=True):
        async with CommunicatorFactory() as connect:
            ws = await connect(QuietConsumer)
            await ws.send_message(PingMessage())
            frames = await ws.receive_all_json()  # returns at `complete`
            assert [frame["action"] for frame in frames] == ["pong", "complete"]
