"""1.x import path of :mod:`chanx.fast_channels.discovery` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import discovery as _target
from chanx.fast_channels.discovery import FastAPIRouteDiscovery, extract_consumer


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["FastAPIRouteDiscovery", "extract_consumer"]
