"""1.x import path of :mod:`chanx.fast_channels.testing` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import testing as _target
from chanx.fast_channels.testing import WebsocketCommunicator, isolated_channel_layer


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["WebsocketCommunicator", "isolated_channel_layer"]
