"""WebSocket routes of the Django test project."""

from channels.routing import URLRouter

from chanx.ext.channels.routing import path
from tests.django_project.consumers import ChatConsumer

router = URLRouter([path("chat/<str:room>/", ChatConsumer.as_asgi())])
