"""The chanx consumer bound to fast-channels (FastAPI / Starlette)."""

from fast_channels.consumer import AsyncJsonWebsocketConsumer as FastJsonConsumer

from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent
from chanx.fast_channels.adapter import adapter
from chanx.fast_channels.layers import DEFAULT_CHANNEL_LAYER_ALIAS


class AsyncJsonWebsocketConsumer(ChanxWebsocketConsumerMixin[ReceiveEvent], FastJsonConsumer):
    """Subclass this to write a typed fast-channels consumer.

    Configuration comes from class attributes (defaults in ``chanx.core.config.Config``).
    ``channel_layer_alias`` defaults to ``"default"``: the layer registered under that
    alias (e.g. Redis via ``chanx.fast_channels.layers.register_redis_layer``), or a
    process-local in-memory layer when none is registered. Any other alias must be
    registered with ``fast_channels.layers.register_channel_layer``; set it to ``None``
    for a consumer without a channel layer.
    """

    channel_layer_alias: str | None = DEFAULT_CHANNEL_LAYER_ALIAS
    chanx_adapter = adapter


adapter.consumer_base = AsyncJsonWebsocketConsumer
