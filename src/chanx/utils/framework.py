"""Which framework adapter this process uses, for code written for either.

The choice is the environment's first (``DJANGO_SETTINGS_MODULE`` or ``CHANX_USE_DJANGO``
set means Django Channels), then whichever framework is installed (Django Channels first).
"""

import os
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Literal

Framework = Literal["channels", "fast_channels"]
NO_FRAMEWORK_ERROR = (
    "chanx needs a framework: install chanx[channels] (Django Channels) or "
    "chanx[fast-channels] (FastAPI / Starlette)"
)


def using_django() -> bool:
    """Whether the environment selects Django Channels (read on every call)."""
    return bool(os.environ.get("DJANGO_SETTINGS_MODULE") or os.environ.get("CHANX_USE_DJANGO"))


if TYPE_CHECKING:
    IS_USING_DJANGO: bool
else:

    def __getattr__(name: str) -> bool:
        # ``IS_USING_DJANGO``: the environment's choice, decided once, on first read
        # (``chanx.core.check`` offers the same value).
        if name == "IS_USING_DJANGO":
            value = using_django()
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _installed(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ImportError:
        return False


def detect_framework() -> Framework:
    """``"channels"`` or ``"fast_channels"``; ``RuntimeError`` when neither is installed."""
    if using_django():
        return "channels"
    if _installed("channels") and _installed("django"):
        return "channels"
    if _installed("fast_channels"):
        return "fast_channels"
    raise RuntimeError(NO_FRAMEWORK_ERROR)


def consumer_base() -> type[Any]:
    """The detected adapter's ``AsyncJsonWebsocketConsumer``."""
    base: type[Any] = import_module(
        f"chanx.{detect_framework()}.websocket"
    ).AsyncJsonWebsocketConsumer
    return base


def channel_layer(alias: str = "default") -> Any:
    """The detected framework's channel layer for ``alias``, or ``None`` when there is none."""
    if detect_framework() == "channels":
        from channels.layers import get_channel_layer

        return get_channel_layer(alias)
    layers = import_module("chanx.fast_channels.layers")
    return layers.get_channel_layer(alias)
