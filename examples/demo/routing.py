"""WebSocket routes of the demo."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from examples.demo.consumers import ChatConsumer, RoomsConsumer

router = URLRouter(
    [
        path("rooms/", RoomsConsumer.as_asgi()),
        path("chat/<str:room>/", ChatConsumer.as_asgi()),
    ]
)
