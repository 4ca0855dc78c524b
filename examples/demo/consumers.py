"""The demo's consumers: rooms as topics over one connection, and a chat room per URL."""

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.connection.origins import SAME_HOST
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.utils.groups import safe_group_name
from examples.demo.messages import ChatPosted, RoomNotice, SendChat
from examples.demo.rooms import RoomTopic


def room_group(room: str) -> str:
    return safe_group_name(room, namespace="room")


@channel(name="chat", description="A chat room; the room is taken from the URL.", tags=["chat"])
class ChatConsumer(AsyncJsonWebsocketConsumer[RoomNotice]):
    """Chat in a room: post lines, receive everyone's lines and server notices."""

    # Only pages served by this server (or non-browser clients) may connect: a page on
    # another site must not open a socket with the visitor's session cookie.
    allowed_origins = [SAME_HOST]

    async def post_authentication(self) -> None:
        group = room_group(self.url_params["room"])
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(summary="Post a line to the room", output_type=ChatPosted)
    async def send_chat(self, message: SendChat) -> None:
        await self.broadcast_message(ChatPosted(payload=message.payload))

    @event_handler(summary="Relay a server notice to the room")
    async def room_notice(self, event: RoomNotice) -> RoomNotice:
        return event


@channel(
    name="rooms",
    description="The demo page's one connection: join rooms (topics room:<name>), say lines, "
    "see who is here, recover missed lines after a reconnect.",
    tags=["demo"],
)
class RoomsConsumer(AsyncJsonWebsocketConsumer):
    """One connection per page; every room it joins is a topic subscription."""

    allowed_origins = [SAME_HOST]
    topics = [RoomTopic]

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()
