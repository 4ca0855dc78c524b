"""1.x import path of :mod:`chanx.fast_channels.utils` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import utils as _target
from chanx.fast_channels.utils import build_default_config_from_app, merge_configs


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["build_default_config_from_app", "merge_configs"]
