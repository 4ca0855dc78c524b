"""A chat consumer served by the Django test project."""

from typing import Literal

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class ChatText(BaseMessage):
    action: Literal["chat"] = "chat"
    payload: str


class ChatPosted(BaseMessage):
    action: Literal["chat_posted"] = "chat_posted"
    payload: str


class RoomNotice(BaseMessage):
    action: Literal["room_notice"] = "room_notice"
    payload: str


@channel(name="chat", description="Group chat per room", tags=["chat"])
class ChatConsumer(AsyncJsonWebsocketConsumer[RoomNotice]):
    send_completion = True

    async def post_authentication(self) -> None:
        group = f"room.{self.url_params['room']}"
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(summary="Post to the room", output_type=ChatPosted)
    async def chat(self, message: ChatText) -> None:
        await self.broadcast_message(ChatPosted(payload=message.payload))

    @event_handler
    async def room_notice(self, event: RoomNotice) -> RoomNotice:
        return event
