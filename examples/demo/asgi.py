"""ASGI application of the demo: HTTP (pages, docs) and WebSocket (chat)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.demo.settings")
django.setup()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

from chanx.channels.routing import include, path  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": get_asgi_application(),
        "websocket": URLRouter([path("ws/", include("examples.demo.routing"))]),
    }
)
