"""A small FastAPI app with two chanx consumers, served live for the client round trip."""

from enum import StrEnum
from typing import Literal

from fastapi import FastAPI, Request, Response
from pydantic import BaseModel, Field

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.fast_channels import asyncapi_spec_json
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Mood(StrEnum):
    happy = "happy"
    grumpy = "grumpy"


class EchoPayload(BaseModel):
    text: str
    count: int = 1
    mood: Mood = Mood.happy
    tags: list[str] = []
    # A Python keyword on the wire: the generated client must rename it and keep the alias.
    klass: str | None = Field(default=None, alias="class")


class EchoMessage(BaseMessage):
    """Client → server: echo this back."""

    action: Literal["echo"] = "echo"
    payload: EchoPayload


class EchoedPayload(BaseModel):
    room: str
    text: str
    repeated: list[str]
    klass: str | None


class EchoReply(BaseMessage):
    """Server → client: the echo."""

    action: Literal["echo_reply"] = "echo_reply"
    payload: EchoedPayload


class ShoutRequest(BaseMessage):
    action: Literal["shout"] = "shout"
    payload: str


class Shout(BaseMessage):
    """Server event relayed to the client."""

    action: Literal["shout_event"] = "shout_event"
    payload: str


class Shouted(BaseMessage):
    action: Literal["shouted"] = "shouted"
    payload: str


@channel(name="echo_room", description="Echo in a room; shouts come back as events.", tags=["demo"])
class EchoRoomConsumer(AsyncJsonWebsocketConsumer[Shout]):
    @ws_handler(summary="Echo back")
    async def echo(self, message: EchoMessage) -> EchoReply:
        payload = message.payload
        return EchoReply(
            payload=EchoedPayload(
                room=str(self.url_params["room"]),
                text=payload.text,
                repeated=[payload.text] * payload.count,
                klass=payload.klass,
            )
        )

    @ws_handler(summary="Liveness check")
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(output_type=Shouted)
    async def shout(self, message: ShoutRequest) -> None:
        await self.send_event(Shout(payload=message.payload.upper()), self.channel_name)

    @event_handler(summary="Relay a shout")
    async def shout_event(self, event: Shout) -> Shouted:
        return Shouted(payload=event.payload)


@channel(name="health")
class HealthConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


def create_app() -> FastAPI:
    """The app: WebSocket consumers under ``/ws`` and the document at ``/asyncapi.json``."""
    app = FastAPI(title="Client demo", version="0.3.0", description="Round-trip demo")

    @app.get("/asyncapi.json")
    async def asyncapi_json(request: Request) -> Response:
        return await asyncapi_spec_json(request, app)

    ws = FastAPI()
    ws.router.add_websocket_route("/rooms/{room}", EchoRoomConsumer.as_asgi())
    ws.router.add_websocket_route("/health", HealthConsumer.as_asgi())
    app.mount("/ws", ws)
    return app
