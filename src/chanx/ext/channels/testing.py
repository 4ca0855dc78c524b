"""1.x import path of :mod:`chanx.channels.testing` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import testing as _target
from chanx.channels.testing import (
    NO_APPLICATION_ERROR,
    CapturedBroadcastEvent,
    DjangoWebsocketCommunicator,
    WebsocketCommunicator,
    WebsocketTestCase,
    capture_broadcast_events,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = [
    "NO_APPLICATION_ERROR",
    "CapturedBroadcastEvent",
    "DjangoWebsocketCommunicator",
    "WebsocketCommunicator",
    "WebsocketTestCase",
    "capture_broadcast_events",
]
