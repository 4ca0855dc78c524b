"""Django-side helpers."""

from chanx.ext.channels.utils.asgi import get_websocket_application
from chanx.ext.channels.utils.request import request_from_scope
from chanx.ext.channels.utils.settings import override_chanx_settings

__all__ = ["get_websocket_application", "override_chanx_settings", "request_from_scope"]
