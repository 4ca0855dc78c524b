"""1.x import path of :mod:`chanx.channels.apps` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import apps as _target
from chanx.channels.apps import ChanxChannelsConfig


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["ChanxChannelsConfig"]
