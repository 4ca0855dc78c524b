"""Locate the project's WebSocket application."""

from typing import Any

from channels.routing import get_default_application
from django.conf import settings


def get_websocket_application() -> Any:
    """The ``websocket`` entry (with middleware) of ``settings.ASGI_APPLICATION``, or ``None``.

    ``None`` also when the project sets no ``ASGI_APPLICATION`` at all.
    """
    if not getattr(settings, "ASGI_APPLICATION", None):
        return None
    application = get_default_application()
    mapping = getattr(application, "application_mapping", None)
    if mapping is None:
        return None
    return mapping.get("websocket")
