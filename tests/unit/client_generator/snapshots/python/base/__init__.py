"""Runtime support shared by every channel client of this package."""

from .client import BaseClient

__all__ = ["BaseClient"]
