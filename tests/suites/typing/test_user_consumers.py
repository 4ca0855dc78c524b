"""Consumers written the way users write them, with mixins, on both adapters.

CI runs ``mypy --strict tests``: this module is what keeps user code type-checking (a
framework method declared in a way that clashes with a mixin's bases fails it). The tests
check that the same classes also work.
"""

from typing import Any, Literal

from chanx.channels.testing import WebsocketCommunicator as DjangoCommunicator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer as DjangoConsumer
from chanx.core.decorators import channel, ws_handler
from chanx.fast_channels.testing import WebsocketCommunicator as FastCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.base import BaseMessage


class Hello(BaseMessage):
    action: Literal["hello"] = "hello"
    payload: str


class Reply(BaseMessage):
    action: Literal["reply"] = "reply"
    payload: str


class AuditMixin:
    """A user's own mixin, listed before the chanx base."""

    audited: list[str]

    async def audit(self, text: str) -> None:
        self.audited = [*getattr(self, "audited", []), text]


@channel(name="fast_chat", tags=["demo"])
class FastChat(AuditMixin, FastConsumer):
    send_completion = False

    @ws_handler
    async def hello(self, message: Hello) -> Reply:
        await self.audit(message.payload)
        await self.send_message(Reply(payload=f"first {message.payload}"))
        return Reply(payload=f"then {message.payload}")

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await super().receive_json(content, **kwargs)


@channel(name="django_chat")
class DjangoChat(AuditMixin, DjangoConsumer):
    send_completion = False

    @ws_handler
    async def hello(self, message: Hello) -> Reply:
        await self.audit(message.payload)
        await self.send_message(Reply(payload=f"first {message.payload}"))
        return Reply(payload=f"then {message.payload}")


async def test_fast_channels_consumer_with_a_mixin() -> None:
    async with FastCommunicator(FastChat.as_asgi(), "/chat", consumer=FastChat) as comm:
        await comm.send_message(Hello(payload="hi"))
        assert await comm.receive_all_messages(stop_action="reply") == [Reply(payload="first hi")]
        assert await comm.receive_all_messages(stop_action="reply") == [Reply(payload="then hi")]


async def test_django_consumer_with_a_mixin() -> None:
    async with DjangoCommunicator(DjangoChat.as_asgi(), "/chat", consumer=DjangoChat) as comm:
        await comm.send_message(Hello(payload="hi"))
        assert await comm.receive_all_messages(stop_action="reply") == [Reply(payload="first hi")]
        assert await comm.receive_all_messages(stop_action="reply") == [Reply(payload="then hi")]
