"""The chat consumer: one group per room, the room taken from the URL path."""

from chanx.core.connection.origins import SAME_HOST
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.utils.groups import safe_group_name
from examples.fastapi_chat.messages import (
    Announce,
    Announcement,
    ChatMessage,
    ChatNotice,
    ChatNoticePayload,
)


class ChatBase(AsyncJsonWebsocketConsumer[Announce]):
    """Project-wide settings for every consumer of the app, as class attributes."""

    send_completion = True
    log_websocket_message = False
    # Only pages served by this app's host (or non-browser clients) may connect: a page on
    # another site must not open a socket with the visitor's cookies (docs/auth.md).
    allowed_origins = [SAME_HOST]


@channel(name="chat", description="Room chat with server announcements", tags=["chat"])
class ChatConsumer(ChatBase):
    """``/ws/chat/{room}``: chat with everyone connected to the same room."""

    @staticmethod
    def room_group(room: str) -> str:
        """The channel-layer group of ``room``."""
        return safe_group_name("room", room, namespace="chat")

    @property
    def room(self) -> str:
        return str(self.url_params["room"])

    async def post_authentication(self) -> None:
        group = self.room_group(self.room)
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)  # left automatically on disconnect

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(summary="Say something to the room", output_type=ChatNotice)
    async def chat(self, message: ChatMessage) -> None:
        notice = ChatNotice(payload=ChatNoticePayload(room=self.room, text=message.payload.text))
        await self.broadcast_message(notice)

    @event_handler(summary="Relay a server announcement to the client")
    async def announce(self, event: Announce) -> Announcement:
        return Announcement(payload=event.payload)
