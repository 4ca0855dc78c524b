"""WebSocket routes of the Django test project."""

from channels.routing import URLRouter

from chanx.channels.routing import include, path
from tests.django_project.consumers import ChatConsumer

router = URLRouter(
    [
        path("chat/<str:room>/", ChatConsumer.as_asgi()),
        path("auth/", include("tests.django_project.auth_routing")),
    ]
)
