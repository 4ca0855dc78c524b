"""The chanx consumer bound to fast-channels (FastAPI / Starlette)."""

from typing import Any

from fast_channels.consumer import AsyncJsonWebsocketConsumer as FastJsonConsumer
from fast_channels.exceptions import StopConsumer
from fast_channels.layers import InMemoryChannelLayer

from chanx.core.config import Config
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent
from chanx.fast_channels.layers import (
    DEFAULT_CHANNEL_LAYER_ALIAS,
    ensure_default_layer,
    get_channel_layer,
)
from chanx.fast_channels.setup_checks import check_layer_once


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
    _chanx_config = Config()
    _get_channel_layer = staticmethod(get_channel_layer)
    _in_process_layer_types = (InMemoryChannelLayer,)
    _stop_consumer = (StopConsumer,)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # fast-channels looks the alias up in its registry; make sure "default" resolves.
        if self.channel_layer_alias == DEFAULT_CHANNEL_LAYER_ALIAS:
            ensure_default_layer()
        check_layer_once(type(self))
        await super().__call__(scope, receive, send)


AsyncJsonWebsocketConsumer._chanx_adapter_base = AsyncJsonWebsocketConsumer
