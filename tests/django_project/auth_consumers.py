"""Consumers secured with ``DjangoAuthenticator`` (served under ``ws/auth/``)."""

from typing import Any, Literal

from pydantic import BaseModel
from rest_framework.permissions import AllowAny, IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage
from tests.django_project.auth_permissions import ExpiringTokenAuthentication, IsRoomMember
from tests.django_project.models import Room

# Every handler call, as (consumer name, action): a refused client must never add to it.
HANDLED: list[tuple[str, str]] = []


class WhoAmI(BaseMessage):
    action: Literal["whoami"] = "whoami"
    payload: None = None


class IdentityPayload(BaseModel):
    username: str | None
    scope_username: str | None
    room: str | None = None


class Identity(BaseMessage):
    action: Literal["identity"] = "identity"
    payload: IdentityPayload


def _name(user: Any) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    name: str = user.get_username()
    return name


class _IdentityConsumer(AsyncJsonWebsocketConsumer):
    authenticator: DjangoAuthenticator

    @ws_handler(summary="Who am I, as seen by the authenticator and by the scope")
    async def whoami(self, message: WhoAmI) -> Identity:
        HANDLED.append((type(self).__name__, message.action))
        obj = self.authenticator.obj
        return Identity(
            payload=IdentityPayload(
                username=_name(self.authenticator.user),
                scope_username=_name(self.scope.get("user")),
                room=getattr(obj, "name", None),
            )
        )


class ProfileAuthenticator(DjangoAuthenticator):
    """Default DRF authentication (session, token); authenticated users only."""

    permission_classes = [IsAuthenticated]


class ProfileConsumer(_IdentityConsumer):
    authenticator_class = ProfileAuthenticator


class LobbyAuthenticator(DjangoAuthenticator):
    """Anyone may connect; the user is whoever DRF recognised (maybe anonymous)."""

    permission_classes = [AllowAny]


class LobbyConsumer(_IdentityConsumer):
    authenticator_class = LobbyAuthenticator


class ApiTokenAuthenticator(DjangoAuthenticator):
    """Expiring token only: DRF answers 401 (the class declares an authenticate header)."""

    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [IsAuthenticated]


class ApiTokenConsumer(_IdentityConsumer):
    authenticator_class = ApiTokenAuthenticator


class RoomAuthenticator(DjangoAuthenticator):
    """Members of the room in the URL (``<int:pk>``) only."""

    permission_classes = [IsAuthenticated, IsRoomMember]
    queryset = Room.objects.all()
    obj: Room


class RoomConsumer(_IdentityConsumer):
    authenticator_class = RoomAuthenticator
    authenticator: RoomAuthenticator

    async def post_authentication(self) -> None:
        group = f"auth-room.{self.authenticator.obj.pk}"
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)
