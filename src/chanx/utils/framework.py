"""Which framework this process serves, resolved lazily (nothing is imported up front).

Used by framework-neutral code that needs a consumer base or a channel layer without a
consumer at hand (``Topic.as_consumer``, ``Topic.broadcast`` from a script).
"""

from typing import Any, Literal

Framework = Literal["channels", "fast_channels"]


def detect_framework() -> Framework:
    """``"channels"`` when Django is in use (``chanx.core.check``), else ``"fast_channels"``."""
    from chanx.core.check import IS_USING_DJANGO

    return "channels" if IS_USING_DJANGO else "fast_channels"


def consumer_base() -> type[Any]:
    """The chanx ``AsyncJsonWebsocketConsumer`` of the framework in use."""
    if detect_framework() == "channels":
        from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer

        return ChannelsConsumer
    from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer

    return FastConsumer


def channel_layer(alias: str = "default") -> Any:
    """The channel layer registered under ``alias`` for the framework in use (or ``None``)."""
    if detect_framework() == "channels":
        from channels.layers import get_channel_layer

        return get_channel_layer(alias)
    from chanx.ext.fast_channels.layers import get_channel_layer as fast_layer

    return fast_layer(alias)
