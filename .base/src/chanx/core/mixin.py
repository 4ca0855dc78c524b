"""``ChanxWebsocketConsumerMixin``: all consumer behaviour, with no framework in it.

Adapters combine it with their framework's JSON consumer (``chanx.ext.*.websocket``).
"""

from typing import Generic

from typing_extensions import TypeVar

from chanx.core.concurrency import FrameConcurrencyMixin
from chanx.core.consumer import ChanxConsumerBase
from chanx.core.events import ChannelEventMixin
from chanx.core.messaging import OutboundMixin
from chanx.core.pipeline import InboundPipelineMixin
from chanx.messages.base import BaseMessage

ReceiveEvent = TypeVar("ReceiveEvent", bound=BaseMessage, default=BaseMessage)


class ChanxWebsocketConsumerMixin(
    InboundPipelineMixin,
    ChannelEventMixin,
    FrameConcurrencyMixin,
    OutboundMixin,
    ChanxConsumerBase,
    Generic[ReceiveEvent],
):
    """Typed routing, sending, groups, events and completion signals for any adapter.

    The type parameter types the ``event`` argument of ``send_event``/``broadcast_event``.
    """
