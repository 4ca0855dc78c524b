"""1.x import path of :mod:`chanx.channels.discovery` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import discovery as _target
from chanx.channels.discovery import (
    DJANGO_PATH_CONVERTERS,
    DjangoRouteDiscovery,
    get_websocket_routes,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["DJANGO_PATH_CONVERTERS", "DjangoRouteDiscovery", "get_websocket_routes"]
