"""WebSocket routes of the demo."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from examples.demo.consumers import ChatConsumer

router = URLRouter([path("chat/<str:room>/", ChatConsumer.as_asgi())])
