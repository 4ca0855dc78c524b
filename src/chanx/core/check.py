"""``IS_USING_DJANGO``: which framework the 1.x framework-neutral import paths bind to.

``chanx.core.websocket.AsyncJsonWebsocketConsumer``, ``chanx.core.adapter`` and
``chanx.testing.WebsocketCommunicator`` follow it. It is the process's framework rule
(``chanx.utils.framework.detect_framework``), read on first access, so importing this
module decides nothing. Code that wants to choose explicitly imports ``chanx.channels`` or
``chanx.fast_channels`` instead.
"""

from typing import TYPE_CHECKING

from chanx.utils.framework import lazy_is_using_django, using_django

__all__ = ["IS_USING_DJANGO", "using_django"]

if TYPE_CHECKING:
    IS_USING_DJANGO: bool
else:
    __getattr__ = lazy_is_using_django(__name__)
