"""1.x import path of :mod:`chanx.channels.settings` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import settings as _target
from chanx.channels.settings import (
    IMPORT_STRINGS,
    DjangoConfig,
    MySetting,
    create_api_settings_from_model,
    forget_django_settings,
    reload_api_settings,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = [
    "IMPORT_STRINGS",
    "DjangoConfig",
    "MySetting",
    "create_api_settings_from_model",
    "forget_django_settings",
    "reload_api_settings",
]
