"""1.x import path of :mod:`chanx.fast_channels.websocket` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import websocket as _target
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["AsyncJsonWebsocketConsumer"]
