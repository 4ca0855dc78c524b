"""ASGI application of the Django scale server (run by daphne or uvicorn)."""

import django

django.setup()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

from chanx.channels.routing import path  # noqa: E402
from chanx.channels.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from tests.suites.scale import observed  # noqa: E402
from tests.suites.scale.consumers import build  # noqa: E402
from tests.suites.scale.logs import plain_tracebacks_from_env  # noqa: E402

plain_tracebacks_from_env()

observed.configure()
consumers = build(AsyncJsonWebsocketConsumer)
ScaleConsumer = consumers.Scale

application = ProtocolTypeRouter(
    {
        "http": get_asgi_application(),
        "websocket": URLRouter(
            [
                path("ws/scale/", ScaleConsumer.as_asgi()),
                path("ws/ordered/", consumers.Ordered.as_asgi()),
                path("ws/guarded/", consumers.Guarded.as_asgi()),
                path("ws/board/", consumers.Board.as_asgi()),
                path("ws/discussion/<str:pk>/", consumers.Discussion.as_asgi()),
                path("ws/live/", consumers.Live.as_asgi()),
            ]
        ),
    }
)
