"""1.x import path of :mod:`chanx.fast_channels.layers` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import layers as _target
from chanx.fast_channels.layers import (
    DEFAULT_CHANNEL_LAYER_ALIAS,
    create_redis_layer,
    ensure_default_layer,
    get_channel_layer,
    register_redis_layer,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = [
    "DEFAULT_CHANNEL_LAYER_ALIAS",
    "create_redis_layer",
    "ensure_default_layer",
    "get_channel_layer",
    "register_redis_layer",
]
