"""2.x import path of the framework-neutral test helpers (re-exports of ``chanx.testing``)."""

from chanx.testing.capture import CapturedBroadcastEvent, capture_broadcast_events
from chanx.testing.communicator import ChanxCommunicatorMixin as WebsocketCommunicatorMixin

__all__ = ["CapturedBroadcastEvent", "WebsocketCommunicatorMixin", "capture_broadcast_events"]
