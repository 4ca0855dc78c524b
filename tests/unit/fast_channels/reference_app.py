"""Code written against the 1.x import paths, for a project without Django.

Run as ``python -m tests.unit.fast_channels.reference_app`` with neither
``DJANGO_SETTINGS_MODULE`` nor ``CHANX_USE_DJANGO`` set; prints a JSON report.
"""

import asyncio
import json
from typing import Any, Literal

from fast_channels.layers import InMemoryChannelLayer, register_channel_layer
from fastapi import FastAPI

from chanx.core import adapter
from chanx.core.check import IS_USING_DJANGO
from chanx.core.config import Config
from chanx.core.decorators import event_handler, ws_handler
from chanx.core.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.testing import WebsocketCommunicator


class Notify(BaseMessage):
    action: Literal["notify"] = "notify"
    payload: str


class Notice(BaseMessage):
    action: Literal["notice"] = "notice"
    payload: str


class BoardConsumer(AsyncJsonWebsocketConsumer[Notify]):
    channel_layer_alias = "board"  # an explicit alias, registered by the app
    groups = ["board"]
    send_completion = True

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @event_handler
    async def on_notify(self, event: Notify) -> Notice:
        return Notice(payload=event.payload)


async def scenario() -> dict[str, Any]:
    register_channel_layer("board", InMemoryChannelLayer())
    ws = FastAPI()
    ws.router.add_websocket_route("/board/{board_id}", BoardConsumer.as_asgi())
    app = FastAPI()
    app.mount("/ws", ws)
    async with WebsocketCommunicator(app, "/ws/board/7", consumer=BoardConsumer) as client:
        await client.send_message(PingMessage())
        replies = await client.receive_all_messages()
        await BoardConsumer.broadcast_event(Notify(payload="maintenance at 5"))
        events = await client.receive_all_messages(stop_action="event_complete")
    return {
        "replies": [m.model_dump() for m in replies],
        "events": [m.model_dump() for m in events],
    }


def main() -> None:
    from chanx.fast_channels import testing as fast_testing
    from chanx.fast_channels import websocket as fast_websocket

    bound_config: Any = AsyncJsonWebsocketConsumer.chanx_adapter.config
    bound_communicator: Any = WebsocketCommunicator
    report = {
        "is_using_django": IS_USING_DJANGO,
        "config_is_plain": type(bound_config) is Config,
        "consumer_is_fast": AsyncJsonWebsocketConsumer is fast_websocket.AsyncJsonWebsocketConsumer,
        "communicator_is_fast": bound_communicator is fast_testing.WebsocketCommunicator,
        "adapter_base": adapter.AsyncJsonWebsocketConsumer.__module__,
        "django_imported": "django.conf" in __import__("sys").modules,
        **asyncio.run(scenario()),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
