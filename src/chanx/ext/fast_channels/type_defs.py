"""1.x import path of :mod:`chanx.fast_channels.type_defs` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import type_defs as _target
from chanx.fast_channels.type_defs import DEFAULT_ASYNCAPI_CONFIG, AsyncAPIConfig


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["DEFAULT_ASYNCAPI_CONFIG", "AsyncAPIConfig"]
