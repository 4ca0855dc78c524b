"""2.x import path of the framework-neutral test helpers (re-exports of ``chanx.testing``)."""

from chanx.constants import (
    COMPLETE_ACTIONS,
    COMPLETE_ACTIONS_TYPE,
    ENVELOPE_FIELDS,
    ENVELOPE_VERSION,
    MESSAGE_ACTION_COMPLETE,
)
from chanx.testing.capture import CapturedBroadcastEvent, capture_broadcast_events
from chanx.testing.communicator import ChanxCommunicatorMixin as WebsocketCommunicatorMixin
from chanx.testing.topic_capture import CapturedTopicBroadcast, capture_topic_broadcasts

__all__ = [
    "COMPLETE_ACTIONS",
    "COMPLETE_ACTIONS_TYPE",
    "ENVELOPE_FIELDS",
    "ENVELOPE_VERSION",
    "MESSAGE_ACTION_COMPLETE",
    "CapturedBroadcastEvent",
    "CapturedTopicBroadcast",
    "WebsocketCommunicatorMixin",
    "capture_broadcast_events",
    "capture_topic_broadcasts",
]
