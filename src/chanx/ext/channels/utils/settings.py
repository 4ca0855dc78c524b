"""1.x import path of :mod:`chanx.channels.utils.settings` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels.utils import settings as _target
from chanx.channels.utils.settings import override_chanx_settings, settings_context


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["override_chanx_settings", "settings_context"]
