"""Testing toolkit, framework-neutral.

``WebsocketCommunicator`` here is the 1.x import path: it is bound to Django Channels or
fast-channels by ``chanx.core.check.IS_USING_DJANGO`` on first access.
``chanx.channels.testing`` and ``chanx.fast_channels.testing`` hold the explicit variants.
Every name is imported on first access, so importing this package (or loading the pytest
plugin) imports no framework.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chanx.channels.testing import WebsocketCommunicator
    from chanx.testing.assertions import (
        assert_broadcast,
        assert_message_pushed,
        assert_no_broadcast,
        assert_no_message,
    )
    from chanx.testing.capture import (
        CapturedBroadcastEvent,
        CapturedBroadcasts,
        capture_broadcast_events,
    )
    from chanx.testing.factory import CommunicatorFactory
    from chanx.testing.layers import isolated_channel_layers
    from chanx.testing.overrides import SettingsOverride
    from chanx.testing.probe import group_probe
    from chanx.testing.topic_capture import CapturedTopicBroadcast, capture_topic_broadcasts

_LAZY = {
    "assert_broadcast": "chanx.testing.assertions",
    "assert_message_pushed": "chanx.testing.assertions",
    "assert_no_broadcast": "chanx.testing.assertions",
    "assert_no_message": "chanx.testing.assertions",
    "CapturedBroadcastEvent": "chanx.testing.capture",
    "CapturedBroadcasts": "chanx.testing.capture",
    "capture_broadcast_events": "chanx.testing.capture",
    "CommunicatorFactory": "chanx.testing.factory",
    "isolated_channel_layers": "chanx.testing.layers",
    "SettingsOverride": "chanx.testing.overrides",
    "group_probe": "chanx.testing.probe",
    "CapturedTopicBroadcast": "chanx.testing.topic_capture",
    "capture_topic_broadcasts": "chanx.testing.topic_capture",
}


def __getattr__(name: str) -> Any:
    if name == "WebsocketCommunicator":
        from chanx.core.check import IS_USING_DJANGO

        module = "chanx.channels.testing" if IS_USING_DJANGO else "chanx.fast_channels.testing"
        return import_module(module).WebsocketCommunicator
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'chanx.testing' has no attribute {name!r}")


__all__ = [
    "CapturedBroadcastEvent",
    "CapturedBroadcasts",
    "CapturedTopicBroadcast",
    "CommunicatorFactory",
    "SettingsOverride",
    "WebsocketCommunicator",
    "assert_broadcast",
    "assert_message_pushed",
    "assert_no_broadcast",
    "assert_no_message",
    "capture_broadcast_events",
    "capture_topic_broadcasts",
    "group_probe",
    "isolated_channel_layers",
]
