"""The chanx consumer bound to Django Channels, settings read from ``settings.CHANX``."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer

from chanx.core.config import DjangoConfig
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent


class AsyncJsonWebsocketConsumer(ChanxWebsocketConsumerMixin[ReceiveEvent], ChannelsJsonConsumer):
    """Subclass this to write a typed Django Channels consumer."""

    _chanx_config = DjangoConfig()
    _get_channel_layer = staticmethod(get_channel_layer)
    _in_process_layer_types = (InMemoryChannelLayer,)


AsyncJsonWebsocketConsumer._chanx_adapter_base = AsyncJsonWebsocketConsumer
