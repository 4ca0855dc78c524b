"""A Django consumer whose authentication takes a while (clients can leave meanwhile)."""

import time
from typing import Any

import django

django.setup()

from channels.routing import URLRouter  # noqa: E402
from rest_framework.permissions import BasePermission  # noqa: E402

from chanx.channels.authenticator import DjangoAuthenticator  # noqa: E402
from chanx.channels.routing import path  # noqa: E402
from chanx.channels.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from chanx.core.decorators import ws_handler  # noqa: E402
from chanx.messages.incoming import PingMessage  # noqa: E402
from chanx.messages.outgoing import PongMessage  # noqa: E402

AUTH_SECONDS = 0.5


class SlowlyAllowed(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        time.sleep(AUTH_SECONDS)  # runs in the authenticator's worker thread
        return True


class SlowAuthenticator(DjangoAuthenticator):
    authentication_classes = []
    permission_classes = [SlowlyAllowed]


class SlowConsumer(AsyncJsonWebsocketConsumer):
    authenticator_class = SlowAuthenticator

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


application = URLRouter([path("ws/slow/", SlowConsumer.as_asgi())])
