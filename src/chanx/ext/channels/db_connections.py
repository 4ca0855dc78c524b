"""1.x import path of :mod:`chanx.channels.db_connections` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import db_connections as _target
from chanx.channels.db_connections import cleanup_needed, close_old_connections_if_any


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["cleanup_needed", "close_old_connections_if_any"]
