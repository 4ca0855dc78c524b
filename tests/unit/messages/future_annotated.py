"""Messages and a consumer written with postponed annotations."""

from __future__ import annotations

from typing import Literal

from chanx.core.decorators import ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage


class Later(BaseMessage):
    action: Literal["later"] = "later"
    payload: int


class LaterReply(BaseMessage):
    action: Literal["later_reply"] = "later_reply"
    payload: int


class LaterConsumer(AsyncJsonWebsocketConsumer):
    send_completion = True

    @ws_handler
    async def later(self, message: Later) -> LaterReply:
        return LaterReply(payload=message.payload + 1)
