"""Routes of the auth consumers (mounted at ``ws/auth/``)."""

from channels.routing import URLRouter

from chanx.channels.routing import path
from tests.django_project.auth_consumers import (
    ApiTokenConsumer,
    LobbyConsumer,
    ProfileConsumer,
    RoomConsumer,
)

router = URLRouter(
    [
        path("profile/", ProfileConsumer.as_asgi()),
        path("lobby/", LobbyConsumer.as_asgi()),
        path("api/", ApiTokenConsumer.as_asgi()),
        path("room/<int:pk>/", RoomConsumer.as_asgi()),
    ]
)
