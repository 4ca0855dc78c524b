"""1.x framework-neutral names, bound to Django Channels or fast-channels on first access.

Each name is imported from the framework chosen by ``chanx.core.check.IS_USING_DJANGO``
when it is first read; importing this module imports no framework.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from asgiref.typing import WebSocketConnectEvent, WebSocketDisconnectEvent
    from channels.generic.websocket import AsyncJsonWebsocketConsumer
    from channels.layers import BaseChannelLayer, get_channel_layer

    from chanx.channels.communicator import WebsocketCommunicator
else:
    # name -> (module under Django Channels, module under fast-channels)
    _SOURCES = {
        "AsyncJsonWebsocketConsumer": ("channels.generic.websocket", "fast_channels.consumer"),
        "BaseChannelLayer": ("channels.layers", "fast_channels.layers"),
        "get_channel_layer": ("channels.layers", "fast_channels.layers"),
        "WebSocketConnectEvent": ("asgiref.typing", "fast_channels.type_defs"),
        "WebSocketDisconnectEvent": ("asgiref.typing", "fast_channels.type_defs"),
        # Channels' own (channels.testing) would import daphne; chanx's speaks the same protocol.
        "WebsocketCommunicator": ("chanx.channels.communicator", "fast_channels.testing"),
    }

    def __getattr__(name: str) -> Any:
        sources = _SOURCES.get(name)
        if sources is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from chanx.core import check

        value = getattr(import_module(sources[0 if check.IS_USING_DJANGO else 1]), name)
        globals()[name] = value
        return value


__all__ = [
    "AsyncJsonWebsocketConsumer",
    "BaseChannelLayer",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "WebsocketCommunicator",
    "get_channel_layer",
]
