"""Django Channels as a chanx framework adapter."""

from collections.abc import Awaitable
from typing import Any

from channels.exceptions import InvalidChannelLayerError, StopConsumer
from channels.generic import websocket as channels_websocket
from channels.layers import InMemoryChannelLayer, get_channel_layer

from chanx.channels.db_connections import clean_up_pending, close_old_connections_if_any
from chanx.channels.settings import DjangoConfig
from chanx.core.connection.resilience import leave_groups
from chanx.core.framework_adapter import FrameworkAdapter


class ChannelsAdapter(FrameworkAdapter):
    """Settings from ``settings.CHANX``, layers from ``CHANNEL_LAYERS``, Django's DB clean-up."""

    name = "channels"
    stop_exceptions = (StopConsumer,)
    in_process_layer_types = (InMemoryChannelLayer,)

    def get_channel_layer(self, alias: Any) -> Any:
        """The layer of ``CHANNEL_LAYERS[alias]``."""
        return get_channel_layer(alias)

    def before_frame(self) -> Awaitable[None] | None:
        """Channels' database clean-up before each frame, when it could do anything."""
        if clean_up_pending():
            return close_old_connections_if_any()
        return None

    async def leave_and_stop(self, consumer: Any, message: Any, framework_disconnect: Any) -> None:
        """Channels' ``websocket_disconnect``: leave the groups (retried), ``disconnect``, stop;
        its database clean-up only when it could do anything."""
        try:
            await leave_groups(consumer)
        except AttributeError:
            raise InvalidChannelLayerError(
                "BACKEND is unconfigured or doesn't support groups"
            ) from None
        await consumer.disconnect(message["code"])
        await close_old_connections_if_any(channels_websocket)
        raise StopConsumer()


adapter = ChannelsAdapter(config=DjangoConfig())
"""The Django Channels adapter every ``chanx.channels`` consumer uses."""

__all__ = ["ChannelsAdapter", "adapter"]
