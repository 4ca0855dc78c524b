"""1.x import path of :mod:`chanx.channels.routing` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import routing as _target
from chanx.channels.routing import include, path, re_path


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["include", "path", "re_path"]
