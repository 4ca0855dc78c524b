"""Locate the project's WebSocket application."""

from typing import Any

from channels import routing as channels_routing
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def get_default_application() -> Any:
    """Channels' ``get_default_application()`` (``settings.ASGI_APPLICATION``), looked up on
    each call so a test patching either this name or Channels' is obeyed."""
    return channels_routing.get_default_application()


def get_websocket_application() -> Any:
    """The ``websocket`` entry (with middleware) of the default application, or ``None``.

    The application is Channels' ``get_default_application()``; ``None`` when it has no
    ``websocket`` entry, and when the project sets no ``ASGI_APPLICATION`` at all (where
    Channels raises ``ImproperlyConfigured``).
    """
    try:
        application = get_default_application()
    except ImproperlyConfigured:
        if getattr(settings, "ASGI_APPLICATION", None):
            raise  # set, but the application cannot be imported: say so
        return None
    mapping = getattr(application, "application_mapping", None)
    if mapping is None:
        return None
    return mapping.get("websocket")
