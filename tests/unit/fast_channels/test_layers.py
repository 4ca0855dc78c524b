"""Channel-layer resolution of the fast-channels adapter."""

from typing import Literal

import pytest
from fast_channels.layers import (
    InMemoryChannelLayer,
    channel_layers,
    register_channel_layer,
    unregister_channel_layer,
)
from fast_channels.layers.redis import RedisChannelLayer

from chanx.core.decorators import event_handler, ws_handler
from chanx.fast_channels.layers import (
    create_redis_layer,
    ensure_default_layer,
    get_channel_layer,
    register_redis_layer,
)
from chanx.fast_channels.testing import WebsocketCommunicator, isolated_channel_layer
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Bell(BaseMessage):
    action: Literal["bell"] = "bell"
    payload: str


class Rang(BaseMessage):
    action: Literal["rang"] = "rang"
    payload: str


class DefaultLayerConsumer(AsyncJsonWebsocketConsumer[Bell]):
    groups = ["hall"]
    send_completion = True

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @event_handler
    async def bell(self, event: Bell) -> Rang:
        return Rang(payload=event.payload)


class NamedLayerConsumer(DefaultLayerConsumer):
    """Written for 1.x: an explicit alias whose layer the app registers."""

    channel_layer_alias = "chat"


class NoLayerConsumer(DefaultLayerConsumer):
    channel_layer_alias = None


def connect(consumer: type[DefaultLayerConsumer]) -> WebsocketCommunicator:
    return WebsocketCommunicator(consumer.as_asgi(), "/ws", consumer=consumer)


def test_default_alias_is_default() -> None:
    assert AsyncJsonWebsocketConsumer.channel_layer_alias == "default"


def test_default_layer_is_created_once_and_registered() -> None:
    assert channel_layers.get("default") is None
    first = ensure_default_layer()
    assert isinstance(first, InMemoryChannelLayer)
    assert channel_layers.get("default") is first
    assert get_channel_layer("default") is first


def test_other_aliases_are_never_invented() -> None:
    assert get_channel_layer("elsewhere") is None
    assert get_channel_layer(None) is None
    assert "elsewhere" not in channel_layers


def test_a_registered_default_layer_wins() -> None:
    mine = InMemoryChannelLayer()
    register_channel_layer("default", mine)
    assert ensure_default_layer() is mine


async def test_events_work_without_any_configuration() -> None:
    async with connect(DefaultLayerConsumer) as client:
        await DefaultLayerConsumer.broadcast_event(Bell(payload="ding"))
        assert await client.receive_all_messages(stop_action="event_complete") == [
            Rang(payload="ding")
        ]
    assert isinstance(channel_layers.get("default"), InMemoryChannelLayer)


async def test_consumer_uses_the_layer_the_app_registered() -> None:
    mine = InMemoryChannelLayer()
    register_channel_layer("default", mine)
    async with connect(DefaultLayerConsumer) as client:
        await DefaultLayerConsumer.broadcast_event(Bell(payload="x"), "hall")
        assert await client.receive_all_messages(stop_action="event_complete") == [
            Rang(payload="x")
        ]
        assert len(mine.groups["hall"]) == 1


async def test_reference_style_named_alias_keeps_working() -> None:
    with isolated_channel_layer("chat") as layer:
        async with connect(NamedLayerConsumer) as client:
            await NamedLayerConsumer.broadcast_event(Bell(payload="named"))
            assert await client.receive_all_messages(stop_action="event_complete") == [
                Rang(payload="named")
            ]
        assert isinstance(layer, InMemoryChannelLayer)
    assert "chat" not in channel_layers
    assert "default" not in channel_layers  # nothing was invented on the side


async def test_unregistered_named_alias_means_no_layer() -> None:
    async with connect(NamedLayerConsumer) as client:
        await client.send_message(PingMessage())
        assert await client.receive_all_messages() == [PongMessage()]
    with pytest.raises(AssertionError, match=r"no channel layer.*'chat'"):
        await NamedLayerConsumer.broadcast_event(Bell(payload="lost"))


async def test_alias_none_runs_without_a_layer() -> None:
    async with connect(NoLayerConsumer) as client:
        await client.send_message(PingMessage())
        assert await client.receive_all_messages() == [PongMessage()]
    assert "default" not in channel_layers
    with pytest.raises(AssertionError, match="no channel layer"):
        await NoLayerConsumer.broadcast_event(Bell(payload="lost"))


def test_isolated_channel_layer_restores_the_previous_layer() -> None:
    before = InMemoryChannelLayer()
    register_channel_layer("default", before)
    with isolated_channel_layer() as inside:
        assert channel_layers.get("default") is inside is not before
    assert channel_layers.get("default") is before


def test_isolated_channel_layer_accepts_a_given_layer_and_restores_on_error() -> None:
    given = InMemoryChannelLayer()
    with pytest.raises(RuntimeError), isolated_channel_layer("custom", given) as inside:
        assert inside is given
        raise RuntimeError("test body failed")
    assert "custom" not in channel_layers


def test_redis_layer_helpers_build_without_connecting() -> None:
    layer = create_redis_layer("redis://127.0.0.1:1/0", prefix="p1", expiry=5)
    assert isinstance(layer, RedisChannelLayer)
    assert (layer.prefix, layer.expiry) == ("p1", 5)
    try:
        registered = register_redis_layer("redis://127.0.0.1:1/0", alias="r", prefix="p2")
        assert channel_layers.get("r") is registered
        assert isinstance(registered, RedisChannelLayer) and registered.prefix == "p2"
    finally:
        unregister_channel_layer("r")
