"""The channel-layer receive is wrapped for outages only where an outage is possible."""

import functools
from typing import Any

import pytest
from channels.layers import InMemoryChannelLayer as ChannelsMemoryLayer
from fast_channels.layers import InMemoryChannelLayer as FastMemoryLayer

from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer


class NetworkLayer:
    """Stands for any layer that talks to another process (Redis, ...)."""

    async def receive(self, channel: str) -> dict[str, Any]:
        return {"type": "x"}


@pytest.mark.parametrize(
    ("consumer_base", "memory_layer"),
    [(ChannelsConsumer, ChannelsMemoryLayer), (FastConsumer, FastMemoryLayer)],
)
def test_in_process_layer_is_read_directly_others_resiliently(
    consumer_base: type[Any], memory_layer: type[Any]
) -> None:
    class C(consumer_base):  # type: ignore[misc]
        pass

    consumer = C()
    consumer.channel_layer = memory_layer()
    raw = functools.partial(consumer.channel_layer.receive, "chan")
    consumer.channel_receive = raw
    assert consumer.channel_receive is raw

    consumer.channel_layer = NetworkLayer()
    raw = functools.partial(consumer.channel_layer.receive, "chan")
    consumer.channel_receive = raw
    assert consumer.channel_receive is not raw
    assert consumer.channel_receive.__qualname__.startswith("resilient_receive")
