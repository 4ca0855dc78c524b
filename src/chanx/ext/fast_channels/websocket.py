"""The chanx consumer bound to fast-channels (FastAPI / Starlette)."""

from fast_channels.consumer import AsyncJsonWebsocketConsumer as FastJsonConsumer
from fast_channels.layers import get_channel_layer

from chanx.core.config import Config
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent


class AsyncJsonWebsocketConsumer(ChanxWebsocketConsumerMixin[ReceiveEvent], FastJsonConsumer):  # type: ignore[misc]
    """Subclass this to write a typed fast-channels consumer.

    Configuration comes from class attributes (defaults in ``chanx.core.config.Config``).
    Set ``channel_layer_alias`` to a layer registered with
    ``fast_channels.layers.register_channel_layer`` to use groups, broadcasts and events.
    """

    _chanx_config = Config()
    _get_channel_layer = staticmethod(get_channel_layer)


AsyncJsonWebsocketConsumer._chanx_adapter_base = AsyncJsonWebsocketConsumer
