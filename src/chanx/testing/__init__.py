"""Testing toolkit.

``WebsocketCommunicator`` is bound per ``chanx.core.check.IS_USING_DJANGO`` (the reference's
import path); ``chanx.ext.channels.testing`` and ``chanx.ext.fast_channels.testing`` hold
the explicit variants.
"""

from typing import TYPE_CHECKING, Any

from chanx.core.check import IS_USING_DJANGO

if TYPE_CHECKING:
    from chanx.ext.channels.testing import WebsocketCommunicator


def __getattr__(name: str) -> Any:
    # Resolved lazily so the adapters' testing modules can import chanx.testing.* freely.
    if name == "WebsocketCommunicator":
        if IS_USING_DJANGO:
            from chanx.ext.channels.testing import WebsocketCommunicator
        else:
            from chanx.ext.fast_channels.testing import (  # type: ignore[assignment]
                WebsocketCommunicator,
            )
        return WebsocketCommunicator
    raise AttributeError(f"module 'chanx.testing' has no attribute {name!r}")


__all__ = ["WebsocketCommunicator"]
