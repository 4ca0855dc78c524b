"""Which framework adapter this process uses, for code written for either.

One rule, decided once per process on first use: ``DJANGO_SETTINGS_MODULE`` or
``CHANX_USE_DJANGO`` set (non-empty) means Django Channels; otherwise fast-channels, or
Django Channels when it is the only framework installed. Everything that binds to "the
framework in use" follows it: :func:`detect_framework`, :func:`consumer_base`,
:func:`channel_layer`, ``IS_USING_DJANGO`` (here, in ``chanx.core.check`` and in
``chanx.core.config``), and the 1.x neutral paths (``chanx.core.websocket``,
``chanx.core.adapter``, ``chanx.testing.WebsocketCommunicator``).
"""

import os
from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Literal

Framework = Literal["channels", "fast_channels"]
NO_FRAMEWORK_ERROR = (
    "chanx needs a framework: install chanx[channels] (Django Channels) or "
    "chanx[fast-channels] (FastAPI / Starlette)"
)

__all__ = [
    "IS_USING_DJANGO",
    "Framework",
    "channel_layer",
    "consumer_base",
    "detect_framework",
    "using_django",
]

# The framework chosen for this process (set on the first detect_framework() call).
_chosen: Framework | None = None


def using_django() -> bool:
    """Whether the environment selects Django Channels (read on every call)."""
    return bool(os.environ.get("DJANGO_SETTINGS_MODULE") or os.environ.get("CHANX_USE_DJANGO"))


def _installed(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except ImportError:
        return False


def _choose() -> Framework:
    if using_django():
        return "channels"
    if _installed("fast_channels"):
        return "fast_channels"
    if _installed("channels") and _installed("django"):
        return "channels"
    raise RuntimeError(NO_FRAMEWORK_ERROR)


def detect_framework() -> Framework:
    """``"channels"`` or ``"fast_channels"``; ``RuntimeError`` when neither is installed.

    Decided on the first call and kept for the life of the process.
    """
    global _chosen
    if _chosen is None:
        _chosen = _choose()
    return _chosen


def forget_framework() -> None:
    """Decide again on the next call (for tests that change the environment)."""
    global _chosen
    _chosen = None


def is_using_django() -> bool:
    """Whether this process uses Django Channels (``False`` when no framework is installed)."""
    try:
        return detect_framework() == "channels"
    except RuntimeError:
        return False


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


def lazy_is_using_django(module: str) -> Callable[[str], bool]:
    """A module ``__getattr__`` giving ``module`` an ``IS_USING_DJANGO`` read on each access.

    Reading it, not importing the module, applies the framework rule, so importing the
    module decides nothing.
    """

    def __getattr__(name: str) -> bool:
        if name == "IS_USING_DJANGO":
            return is_using_django()
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


if TYPE_CHECKING:
    IS_USING_DJANGO: bool
else:
    __getattr__ = lazy_is_using_django(__name__)
