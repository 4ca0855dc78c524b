"""1.x import path of :mod:`chanx.channels.utils.asgi` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels.utils import asgi as _target
from chanx.channels.utils.asgi import get_websocket_application


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["get_websocket_application"]
