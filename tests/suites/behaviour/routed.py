"""A room consumer served through each framework's own router, with path parameters.

Channels: nested ``URLRouter`` tables; fast-channels: a FastAPI app with a mounted
sub-app. Both serve ``/ws/<tenant>/room/<room>/`` so one test drives either.
"""

from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from channels.routing import URLRouter
from fastapi import FastAPI
from pydantic import BaseModel

from chanx.channels.routing import path
from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.utils.groups import safe_group_name


class WhereAmI(BaseMessage):
    action: Literal["where_am_i"] = "where_am_i"
    payload: None = None


class Location(BaseModel):
    tenant: str
    room: str


class Here(BaseMessage):
    action: Literal["here"] = "here"
    payload: Location


class Say(BaseMessage):
    action: Literal["say"] = "say"
    payload: str


class Said(BaseMessage):
    action: Literal["said"] = "said"
    payload: str


class Alert(BaseMessage):
    action: Literal["alert"] = "alert"
    payload: str


class Alerted(BaseMessage):
    action: Literal["alerted"] = "alerted"
    payload: str


def room_group(tenant: str, room: str) -> str:
    return safe_group_name(tenant, room, namespace="room")


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The routed consumer on ``base`` and the application serving it (built once per base)."""

    class RoomConsumer(base[Alert]):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True

        async def post_authentication(self) -> None:
            group = room_group(self.url_params["tenant"], self.url_params["room"])
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups.append(group)

        @ws_handler
        async def where_am_i(self, message: WhereAmI) -> Here:
            return Here(payload=Location(**self.url_params))

        @ws_handler(output_type=Said)
        async def say(self, message: Say) -> None:
            await self.broadcast_message(Said(payload=message.payload))

        @event_handler
        async def alert(self, event: Alert) -> Alerted:
            return Alerted(payload=event.payload)

    if base.__module__.startswith("chanx.channels"):
        rooms = URLRouter([path("room/<str:room>/", RoomConsumer.as_asgi())])
        application: Any = URLRouter([path("ws/<str:tenant>/", rooms)])
    else:
        ws = FastAPI()
        ws.router.add_websocket_route("/room/{room}/", RoomConsumer.as_asgi())
        application = FastAPI()
        application.mount("/ws/{tenant}", ws)
    return SimpleNamespace(Room=RoomConsumer, application=application)
