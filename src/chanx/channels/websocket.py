"""The chanx consumer bound to Django Channels, settings read from ``settings.CHANX``."""

from collections.abc import Awaitable
from typing import Any

from channels.consumer import get_handler_name
from channels.exceptions import InvalidChannelLayerError, StopConsumer
from channels.generic import websocket as channels_websocket
from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer

from chanx.channels import checks as _checks  # noqa: F401  (registers the system checks)
from chanx.channels.db_connections import clean_up_pending, close_old_connections_if_any
from chanx.channels.settings import DjangoConfig
from chanx.core.connection.resilience import leave_groups
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent


class AsyncJsonWebsocketConsumer(ChanxWebsocketConsumerMixin[ReceiveEvent], ChannelsJsonConsumer):
    """Subclass this to write a typed Django Channels consumer."""

    _chanx_config = DjangoConfig()
    _get_channel_layer = staticmethod(get_channel_layer)
    _in_process_layer_types = (InMemoryChannelLayer,)
    _stop_consumer = (StopConsumer,)

    async def dispatch(self, message: Any) -> None:
        """Channels' dispatch; its database clean-up hop is skipped when it would do nothing."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await close_old_connections_if_any()
        await handler(message)

    def _before_frame(self) -> Awaitable[None] | None:
        """Channels' database clean-up before each frame, when it could do anything."""
        if clean_up_pending():
            return close_old_connections_if_any()
        return None

    async def _leave_and_stop(self, message: Any) -> None:
        """Channels' ``websocket_disconnect``, with the same clean-up shortcut as ``dispatch``."""
        try:
            await leave_groups(self)  # retried through a short layer outage
        except AttributeError:
            raise InvalidChannelLayerError(
                "BACKEND is unconfigured or doesn't support groups"
            ) from None
        await self.disconnect(message["code"])
        await close_old_connections_if_any(channels_websocket)
        raise StopConsumer()


AsyncJsonWebsocketConsumer._chanx_adapter_base = AsyncJsonWebsocketConsumer
