"""The chanx consumer bound to Django Channels, settings read from ``settings.CHANX``."""

from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer

from chanx.channels import checks as _checks  # noqa: F401  (registers the system checks)
from chanx.channels.adapter import adapter
from chanx.channels.db_connections import close_old_connections_if_any
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent


class AsyncJsonWebsocketConsumer(ChanxWebsocketConsumerMixin[ReceiveEvent], ChannelsJsonConsumer):
    """Subclass this to write a typed Django Channels consumer."""

    chanx_adapter = adapter

    async def dispatch(self, message: Any) -> None:
        """Channels' dispatch; its database clean-up hop is skipped when it would do nothing."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await close_old_connections_if_any()
        await handler(message)


adapter.consumer_base = AsyncJsonWebsocketConsumer
