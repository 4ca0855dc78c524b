"""2.x import path of the framework-neutral test helpers (re-exports of ``chanx.testing``)."""

from chanx.testing.capture import CapturedBroadcastEvent, capture_broadcast_events
from chanx.testing.communicator import ChanxCommunicatorMixin as WebsocketCommunicatorMixin
from chanx.testing.topic_capture import CapturedTopicBroadcast, capture_topic_broadcasts

__all__ = [
    "CapturedBroadcastEvent",
    "CapturedTopicBroadcast",
    "WebsocketCommunicatorMixin",
    "capture_broadcast_events",
    "capture_topic_broadcasts",
]
