"""Consumers the hostile-input suite attacks, built once per framework adapter."""

import asyncio
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage

GROUP = "hostile"


class Echo(BaseMessage):
    action: Literal["echo"] = "echo"
    payload: Any = None


class EchoReply(BaseMessage):
    action: Literal["echo_reply"] = "echo_reply"
    payload: Any = None


class Wait(BaseMessage):
    """Blocks its handler until ``GATE`` is set."""

    action: Literal["wait"] = "wait"
    payload: int


class Waited(BaseMessage):
    action: Literal["waited"] = "waited"
    payload: int


class Announce(BaseMessage):
    action: Literal["announce"] = "announce"
    payload: str


class Announced(BaseMessage):
    action: Literal["announced"] = "announced"
    payload: str


class Gate:
    """Shared by all ``wait`` handlers of a test; created inside the running loop."""

    event: asyncio.Event | None = None
    running = 0
    peak = 0

    @classmethod
    def reset(cls) -> None:
        cls.event = asyncio.Event()
        cls.running = cls.peak = 0


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The hostile suite's consumers on top of ``base`` (an adapter's consumer class)."""

    class TargetConsumer(base[Announce]):  # type: ignore[misc]
        channel_layer_alias = "default"
        groups = [GROUP]
        send_completion = True
        log_websocket_message = False

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @ws_handler
        async def echo(self, message: Echo) -> EchoReply:
            return EchoReply(payload=message.payload)

        @ws_handler
        async def wait(self, message: Wait) -> Waited:
            Gate.running += 1
            Gate.peak = max(Gate.peak, Gate.running)
            try:
                assert Gate.event is not None
                await Gate.event.wait()
            finally:
                Gate.running -= 1
            return Waited(payload=message.payload)

        @event_handler
        async def announce(self, event: Announce) -> Announced:
            return Announced(payload=event.payload)

    class CamelTargetConsumer(TargetConsumer):
        """Takes the dict path (``json.loads`` + ``validate_python``) instead of the fast path."""

        camelize = True

    class LimitedConsumer(TargetConsumer):
        max_message_size = 256
        rate_limit_messages = 5
        rate_limit_period = 3600.0

    class NarrowConsumer(TargetConsumer):
        max_concurrent_messages = 3

    return SimpleNamespace(
        Target=TargetConsumer,
        Camel=CamelTargetConsumer,
        Limited=LimitedConsumer,
        Narrow=NarrowConsumer,
    )
