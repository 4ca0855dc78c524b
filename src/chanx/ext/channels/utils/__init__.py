"""1.x import path of :mod:`chanx.channels.utils` (a re-export; the code lives there)."""

from chanx.channels.utils import (
    get_websocket_application,
    override_chanx_settings,
    request_from_scope,
)

__all__ = ["get_websocket_application", "override_chanx_settings", "request_from_scope"]
