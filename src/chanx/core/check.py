"""``IS_USING_DJANGO``: which framework the 1.x framework-neutral import paths bind to.

``chanx.core.websocket.AsyncJsonWebsocketConsumer``, ``chanx.core.adapter`` and
``chanx.testing.WebsocketCommunicator`` follow it. It is read from the environment on first
access (``DJANGO_SETTINGS_MODULE`` or ``CHANX_USE_DJANGO`` set means Django Channels), so
importing this module decides nothing. Code that wants to choose explicitly imports
``chanx.channels`` or ``chanx.fast_channels`` instead.
"""

from typing import TYPE_CHECKING

from chanx.utils import framework
from chanx.utils.framework import using_django

__all__ = ["IS_USING_DJANGO", "using_django"]

if TYPE_CHECKING:
    IS_USING_DJANGO: bool
else:

    def __getattr__(name: str) -> bool:
        if name == "IS_USING_DJANGO":
            value: bool = framework.IS_USING_DJANGO  # decided once, like an import-time constant
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
