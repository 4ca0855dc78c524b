"""The chanx consumer at the reference's import path.

``AsyncJsonWebsocketConsumer`` here is one of the two adapters, chosen by
``chanx.core.check.IS_USING_DJANGO``:

* ``chanx.ext.channels.websocket.AsyncJsonWebsocketConsumer`` (Django Channels)
* ``chanx.ext.fast_channels.websocket.AsyncJsonWebsocketConsumer`` (fast-channels)

Import an adapter directly to choose explicitly (e.g. when both frameworks are installed).
"""

from typing import TYPE_CHECKING

from chanx.core.check import IS_USING_DJANGO
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent

if TYPE_CHECKING or IS_USING_DJANGO:
    from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer
else:
    from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer

__all__ = ["AsyncJsonWebsocketConsumer", "ChanxWebsocketConsumerMixin", "ReceiveEvent"]
