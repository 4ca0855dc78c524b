"""1.x import path of :mod:`chanx.fast_channels.constants` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import constants as _target
from chanx.fast_channels.constants import ASYNCAPI_TITLE_POSTFIX


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["ASYNCAPI_TITLE_POSTFIX"]
