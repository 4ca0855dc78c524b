"""Consumers of the behaviour suite, built once per adapter from one definition."""

import asyncio
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from pydantic import BaseModel

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.shared.messages import Noticed, Notify, Shout, Shouted


class EchoPayload(BaseModel):
    text: str
    count: int = 1


class Echo(BaseMessage):
    action: Literal["echo"] = "echo"
    payload: EchoPayload


class EchoReply(BaseMessage):
    action: Literal["echo_reply"] = "echo_reply"
    payload: EchoPayload


class Boom(BaseMessage):
    action: Literal["boom"] = "boom"
    payload: None = None


class BadReturn(BaseMessage):
    action: Literal["bad_return"] = "bad_return"
    payload: None = None


class Slow(BaseMessage):
    action: Literal["slow"] = "slow"
    payload: float


class SlowDone(BaseMessage):
    action: Literal["slow_done"] = "slow_done"
    payload: float


class ExplodeEvent(BaseMessage):
    action: Literal["explode"] = "explode"
    payload: None = None


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The suite's consumers on top of ``base`` (an adapter's AsyncJsonWebsocketConsumer)."""

    @channel(name="echo", description="Echo and broadcast", tags=["demo"])
    class EchoConsumer(base[Notify]):  # type: ignore[misc]
        channel_layer_alias = "default"
        groups = ["lobby"]
        send_completion = True
        log_websocket_message = False

        @ws_handler(summary="Liveness")
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @ws_handler
        async def echo(self, message: Echo) -> EchoReply:
            return EchoReply(payload=message.payload)

        @ws_handler
        async def boom(self, message: Boom) -> None:
            raise RuntimeError("secret internal detail")

        @ws_handler
        async def bad_return(self, message: BadReturn) -> None:
            return {"not": "a message"}  # type: ignore[return-value]

        @ws_handler(output_type=Shouted)
        async def shout(self, message: Shout) -> None:
            await self.broadcast_message(Shouted(payload=message.payload))

        @ws_handler
        async def slow(self, message: Slow) -> SlowDone:
            await asyncio.sleep(message.payload)
            return SlowDone(payload=message.payload)

        @event_handler
        async def notify(self, event: Notify) -> Noticed:
            return Noticed(payload=event.payload)

        @event_handler
        async def explode(self, event: ExplodeEvent) -> None:
            raise RuntimeError("event handler failed")

    class CamelConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True
        camelize = True

        @ws_handler
        async def echo(self, message: Echo) -> EchoReply:
            return EchoReply(payload=message.payload)

    class OrderedConsumer(EchoConsumer):
        max_concurrent_messages = 1

    class QuietConsumer(base):  # type: ignore[misc]
        """Completion signals off (the default)."""

        channel_layer_alias = "default"
        send_completion = False

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    class NoHandlersConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True

    return SimpleNamespace(
        Echo=EchoConsumer,
        Camel=CamelConsumer,
        Ordered=OrderedConsumer,
        Quiet=QuietConsumer,
        NoHandlers=NoHandlersConsumer,
    )
