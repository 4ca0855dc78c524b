"""1.x import path of the consumer base, bound to one adapter on first access.

``AsyncJsonWebsocketConsumer`` here is ``chanx.channels.websocket.AsyncJsonWebsocketConsumer``
(Django Channels) when ``chanx.core.check.IS_USING_DJANGO`` is true, else
``chanx.fast_channels.websocket.AsyncJsonWebsocketConsumer``. The adapter is imported when
the name is first read, so importing this module imports no framework. Import an adapter
directly to choose explicitly (e.g. when both frameworks are installed).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from chanx.constants import COMPLETE_ACTIONS, ENVELOPE_VERSION
from chanx.core.envelope import (
    Envelope,
    TopicErrorReason,
    current_ref,
    current_seq,
    strip_envelope,
)
from chanx.core.mixin import ChanxWebsocketConsumerMixin, ReceiveEvent

if TYPE_CHECKING:
    from chanx.channels.websocket import AsyncJsonWebsocketConsumer
else:

    def __getattr__(name: str) -> Any:
        if name == "AsyncJsonWebsocketConsumer":
            from chanx.core import check

            package = "chanx.channels" if check.IS_USING_DJANGO else "chanx.fast_channels"
            value = import_module(f"{package}.websocket").AsyncJsonWebsocketConsumer
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COMPLETE_ACTIONS",
    "ENVELOPE_VERSION",
    "AsyncJsonWebsocketConsumer",
    "ChanxWebsocketConsumerMixin",
    "Envelope",
    "ReceiveEvent",
    "TopicErrorReason",
    "current_ref",
    "current_seq",
    "strip_envelope",
]
