"""Framework-neutral names bound to Django Channels or fast-channels (``IS_USING_DJANGO``)."""

from typing import TYPE_CHECKING, Any

from chanx.core.check import IS_USING_DJANGO

if TYPE_CHECKING or IS_USING_DJANGO:
    from asgiref.typing import WebSocketConnectEvent, WebSocketDisconnectEvent
    from channels.generic.websocket import AsyncJsonWebsocketConsumer
    from channels.layers import BaseChannelLayer, get_channel_layer
else:
    from fast_channels.consumer import AsyncJsonWebsocketConsumer
    from fast_channels.layers import BaseChannelLayer, get_channel_layer
    from fast_channels.type_defs import WebSocketConnectEvent, WebSocketDisconnectEvent


def __getattr__(name: str) -> Any:
    # The framework test communicators pull in test servers; import them only on demand.
    if name == "WebsocketCommunicator":
        if IS_USING_DJANGO:
            from channels.testing import WebsocketCommunicator
        else:
            from fast_channels.testing import WebsocketCommunicator
        return WebsocketCommunicator
    raise AttributeError(name)


__all__ = [
    "AsyncJsonWebsocketConsumer",
    "BaseChannelLayer",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "get_channel_layer",
]
