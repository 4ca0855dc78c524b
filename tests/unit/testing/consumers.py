"""Consumers that misbehave on purpose, for the testing-toolkit tests (built per adapter)."""

from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Hangup(BaseMessage):
    action: Literal["hangup"] = "hangup"
    payload: None = None


class Garble(BaseMessage):
    action: Literal["garble"] = "garble"
    payload: None = None


class Crash(BaseMessage):
    action: Literal["crash"] = "crash"
    payload: None = None


@cache
def build_rude(base: type[Any]) -> SimpleNamespace:
    """Consumers that close, send invalid frames or crash while a helper is collecting."""

    class RudeConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True
        max_concurrent_messages = 1

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @ws_handler(output_type=PongMessage)
        async def hangup(self, message: Hangup) -> None:
            await self.send_message(PongMessage())
            await self.close()

        @ws_handler(output_type=PongMessage)
        async def garble(self, message: Garble) -> None:
            # A pong whose payload breaks PongMessage (payload must be null).
            await self.send(text_data='{"action": "pong", "payload": {"oops": 1}}')

        async def receive(
            self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
        ) -> None:
            if text_data and '"crash"' in text_data:
                raise RuntimeError("consumer crashed")  # kills the application task
            await super().receive(text_data, bytes_data, **kwargs)

    return SimpleNamespace(Rude=RudeConsumer)
