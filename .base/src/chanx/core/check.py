"""The reference's import-time framework switch, kept in one place.

``IS_USING_DJANGO`` selects what the *reference* import paths bind to
(``chanx.core.adapter``, ``chanx.core.websocket.AsyncJsonWebsocketConsumer``,
``chanx.testing.WebsocketCommunicator``, ``chanx.core.config.config``). Code that wants to
choose explicitly imports ``chanx.ext.channels.*`` or ``chanx.ext.fast_channels.*`` instead.
"""

import os

IS_USING_DJANGO: bool = bool(
    os.environ.get("DJANGO_SETTINGS_MODULE") or os.environ.get("CHANX_USE_DJANGO")
)
