"""A Django Channels ASGI application for discovery tests (``ASGI_APPLICATION`` override)."""

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.generic.websocket import AsyncJsonWebsocketConsumer as PlainConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

from chanx.channels.routing import include, path, re_path
from tests.unit.asyncapi.consumers import ChatConsumer, EmptyConsumer, NoDocConsumer


class NotChanxConsumer(PlainConsumer):  # type: ignore[misc]
    """A plain Channels consumer: routed, but skipped by discovery."""


async def bare_asgi(scope: Any, receive: Any, send: Any) -> None:
    """An ASGI callable without ``consumer_class``."""


inner_router = URLRouter(
    [
        path("chat/<str:room>/", ChatConsumer.as_asgi()),
        re_path(r"^nodoc/(?P<pk>\d+)/$", NoDocConsumer.as_asgi()),
        path("plain/", NotChanxConsumer.as_asgi()),
        path("bare/", bare_asgi),
    ]
)

router = URLRouter(
    [
        path("ws/", inner_router),
        path(
            "org/<slug:org>/",
            URLRouter([path("empty/", AuthMiddlewareStack(EmptyConsumer.as_asgi()))]),
        ),
        re_path(r"^named/(?P<name>[^/]+)/$", NoDocConsumer.as_asgi()),
        path("bare/<name>/", NoDocConsumer.as_asgi()),
    ]
)

application = ProtocolTypeRouter(
    {"http": get_asgi_application(), "websocket": AuthMiddlewareStack(router)}
)

no_websocket_application = ProtocolTypeRouter({"http": get_asgi_application()})

include_check = include(router)
