"""Handler discovery per consumer class: maps, adapters, duplicates, names."""

from typing import Literal

import pytest

from chanx.core.decorators import event_handler, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Hello(BaseMessage):
    action: Literal["hello"] = "hello"
    payload: str


def test_names_are_computed() -> None:
    class MyWebSocketConsumer(AsyncJsonWebsocketConsumer):
        pass

    assert MyWebSocketConsumer.name == "MyWebSocket"
    assert MyWebSocketConsumer.snake_name == "my_web_socket"


def test_maps_and_adapters_built_once_per_class() -> None:
    class ChatConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @event_handler
        async def hello(self, event: Hello) -> None:
            return None

    assert list(ChatConsumer._MESSAGE_HANDLER_INFO_MAP) == ["ping"]
    assert list(ChatConsumer._EVENT_HANDLER_INFO_MAP) == ["hello"]
    assert ChatConsumer.incoming_message_adapter is not None
    assert ChatConsumer.incoming_event_adapter is not None
    out = ChatConsumer.outgoing_message_adapter.validate_python({"action": "pong"})
    assert out == PongMessage()
    for system in ("complete", "group_complete", "event_complete", "error"):
        assert (
            ChatConsumer.outgoing_message_adapter.validate_python({"action": system}).action
            == system
        )


def test_empty_maps_give_none_adapters() -> None:
    class Empty(AsyncJsonWebsocketConsumer):
        pass

    assert Empty.incoming_message_adapter is None
    assert Empty.incoming_event_adapter is None


def test_two_methods_same_action_is_type_error() -> None:
    with pytest.raises(TypeError) as info:

        class Clash(AsyncJsonWebsocketConsumer):
            @ws_handler
            async def b_ping(self, message: PingMessage) -> None:
                return None

            @ws_handler
            async def a_ping(self, message: PingMessage) -> None:
                return None

    assert str(info.value) == (
        "Clash has two message handlers for action 'ping': a_ping() and b_ping(). "
        "Actions must be unique within a consumer."
    )


def test_same_message_as_ws_and_event_input_is_fine() -> None:
    class Both(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> None:
            return None

        @event_handler
        async def on_ping(self, event: PingMessage) -> None:
            return None

    assert "ping" in Both._MESSAGE_HANDLER_INFO_MAP
    assert "ping" in Both._EVENT_HANDLER_INFO_MAP


def test_override_with_same_name_keeps_route() -> None:
    class Base(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    class Child(Base):
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    assert Child._MESSAGE_HANDLER_INFO_MAP["ping"]["method_name"] == "ping"


def test_mixin_handlers_are_discovered() -> None:
    class PingMixin:
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    class WithMixin(PingMixin, AsyncJsonWebsocketConsumer):
        pass

    assert "ping" in WithMixin._MESSAGE_HANDLER_INFO_MAP


def test_duplicate_output_actions_fail_class_creation() -> None:
    class Pong2(BaseMessage):
        action: Literal["pong"] = "pong"
        payload: int = 0

    with pytest.raises(Exception, match="pong"):

        class Bad(AsyncJsonWebsocketConsumer):
            @ws_handler
            async def ping(self, message: PingMessage) -> PongMessage | Pong2:
                return PongMessage()
