"""Older import path of ``chanx.channels.testing_auth`` (Django's authenticated communicators).

The names resolve on first access, so the framework-neutral toolkit never imports the
Django adapter unless this path is used.
"""

from importlib import import_module
from typing import Any

_TARGET = "chanx.channels.testing_auth"


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(import_module(_TARGET), name)


_NAMES = (
    "DEFAULT_USERNAME",
    "AuthCommunicatorFactory",
    "close_worker_db_connections",
    "create_user",
    "session_headers",
)
__all__ = list(_NAMES)
