"""One adapter object per framework: the consumer asks it, never the framework."""

from typing import Any

from channels.exceptions import StopConsumer as ChannelsStop
from channels.layers import InMemoryChannelLayer as ChannelsMemoryLayer
from fast_channels.exceptions import StopConsumer as FastStop
from fast_channels.layers import InMemoryChannelLayer as FastMemoryLayer

from chanx.channels.adapter import adapter as channels_adapter
from chanx.channels.settings import DjangoConfig
from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.core.config import Config
from chanx.core.consumer import ChanxWebsocketConsumerMixin
from chanx.core.decorators import ws_handler
from chanx.core.framework_adapter import NO_FRAMEWORK
from chanx.fast_channels.adapter import adapter as fast_adapter
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


def test_each_framework_consumer_names_its_adapter() -> None:
    assert ChannelsConsumer.chanx_adapter is channels_adapter
    assert channels_adapter.consumer_base is ChannelsConsumer
    assert isinstance(channels_adapter.config, DjangoConfig)
    assert channels_adapter.stop_exceptions == (ChannelsStop,)
    assert channels_adapter.in_process_layer_types == (ChannelsMemoryLayer,)

    assert FastConsumer.chanx_adapter is fast_adapter
    assert fast_adapter.consumer_base is FastConsumer
    assert type(fast_adapter.config) is Config
    assert fast_adapter.stop_exceptions == (FastStop,)
    assert fast_adapter.in_process_layer_types == (FastMemoryLayer,)


def test_the_neutral_class_has_no_framework() -> None:
    assert ChanxWebsocketConsumerMixin.chanx_adapter is NO_FRAMEWORK
    assert not NO_FRAMEWORK.serves_connections
    assert NO_FRAMEWORK.get_channel_layer("default") is None
    assert NO_FRAMEWORK.before_frame() is None


def test_layer_lookup_goes_through_the_adapter() -> None:
    """``get_channel_layer`` (the public hook chanx calls) asks the consumer's adapter."""

    class Room(FastConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    layer = Room.get_channel_layer("default")
    assert layer is fast_adapter.get_channel_layer("default")
    assert layer is not None


def test_a_subclass_keeps_its_frameworks_adapter_and_overrides_are_relative_to_it() -> None:
    class Echo(ChannelsConsumer):
        async def send_json(self, content: Any, close: bool = False) -> None:
            await super().send_json(content, close)

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    class Plain(ChannelsConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    assert Echo.chanx_adapter is channels_adapter
    assert Echo._json_hooks_out and not Plain._json_hooks_out
