"""1.x import path of :mod:`chanx.channels.utils.request` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels.utils import request as _target
from chanx.channels.utils.request import request_from_scope


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["request_from_scope"]
