"""1.x import path of :mod:`chanx.channels.authenticator` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import authenticator as _target
from chanx.channels.authenticator import (
    AuthActionInterceptMixin,
    AuthMethod,
    ChanxAuthMetadata,
    ChanxAuthView,
    ChanxSerializer,
    DjangoAuthenticator,
    ExtendedRequest,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = [
    "AuthActionInterceptMixin",
    "AuthMethod",
    "ChanxAuthMetadata",
    "ChanxAuthView",
    "ChanxSerializer",
    "DjangoAuthenticator",
    "ExtendedRequest",
]
