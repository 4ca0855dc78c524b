"""Consumers exercising the generator: unions, lists, optionals, nesting, recursion, clashes."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.routing import RouteInfo
from tests.unit.asyncapi import clash_a, clash_b


class Mood(StrEnum):
    HAPPY = "happy"
    GRUMPY = "grumpy"


class Inner(BaseModel):
    x: int


class TreeNode(BaseModel):
    """A recursive model."""

    label: str
    children: list["TreeNode"] = []


class ChatPayload(BaseModel):
    user_name: str
    inner: Inner
    maybe: Inner | None = None
    many: list[Inner] = []
    mood: Mood = Mood.HAPPY


class ChatMessage(BaseMessage):
    """Chat message — «Grüße», 你好, emoji 👋."""

    action: Literal["chat_message"] = "chat_message"
    payload: ChatPayload


class ChatNotice(BaseMessage):
    action: Literal["chat_notice"] = "chat_notice"
    payload: str


class TreeMessage(BaseMessage):
    action: Literal["tree"] = "tree"
    payload: TreeNode


class CatPet(BaseModel):
    kind: Literal["cat"] = "cat"
    lives: int = 9


class DogPet(BaseModel):
    kind: Literal["dog"] = "dog"
    good: bool = True


class PetMessage(BaseMessage):
    action: Literal["pet"] = "pet"
    payload: Annotated[CatPet | DogPet, Field(discriminator="kind")]


class ServerNews(BaseMessage):
    action: Literal["server_news"] = "server_news"
    payload: str


# A tag object next to a plain name: both are accepted.
@channel(name="chat", description="Chat with «friends» — 你好", tags=["chat", {"name": "x"}])
class ChatConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler(summary="Post a message", description="Posts to the room", tags=["write"])
    async def chat(self, message: ChatMessage) -> ChatMessage | ChatNotice | None:
        return None

    @ws_handler(output_type=[PongMessage, ChatNotice])
    async def ping(self, message: PingMessage) -> None:
        return None

    @ws_handler
    async def tree(self, message: TreeMessage) -> list[TreeMessage]:
        return [message]

    @ws_handler
    async def pet(self, message: PetMessage) -> None:
        return None

    @event_handler(summary="News from the server")
    async def server_news(self, event: ServerNews) -> ServerNews:
        return event

    @event_handler
    async def silent(self, event: ChatNotice) -> None:
        return None


class EmptyConsumer(AsyncJsonWebsocketConsumer):
    """
    A consumer without handlers.
    """


class NoDocConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class AlphaConsumer(AsyncJsonWebsocketConsumer):
    """Uses one ``Payload`` model."""

    @ws_handler
    async def alpha(self, message: clash_a.Shout) -> clash_a.Shout:
        return message


class BetaConsumer(AsyncJsonWebsocketConsumer):
    """Uses another ``Payload`` model with the same class names."""

    @ws_handler
    async def beta(self, message: clash_b.Shout) -> clash_b.Shout:
        return message


def route_for(
    consumer: type[AsyncJsonWebsocketConsumer], path: str, params: dict[str, str] | None = None
) -> RouteInfo:
    """A route as discovery would report it."""
    return RouteInfo(
        path=path,
        handler=consumer.as_asgi(),
        base_url="ws://localhost:8000",
        consumer=consumer,
        path_params=params,
    )


REFERENCE_ROUTES = [
    route_for(ChatConsumer, "ws/chat/<str:room>/", {"room": "str"}),
    route_for(EmptyConsumer, "ws/empty/"),
    route_for(NoDocConsumer, r"ws/nodoc/(?P<pk>\d+)/", {"pk": r"\d+"}),
    route_for(AlphaConsumer, "ws/alpha/"),
    route_for(BetaConsumer, "ws/beta/"),
]
"""Routes of the document that uses every generator feature (``golden/reference.json``)."""
