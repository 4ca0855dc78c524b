"""A consumer secured with DRF: members of a team (a Django auth Group) only (docs/auth.md)."""

from typing import Any, Literal

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.contrib.auth.models import Group
from pydantic import BaseModel
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.routing import path
from chanx.core.connection.origins import SAME_HOST
from chanx.core.decorators import ws_handler
from chanx.core.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class IsTeamMember(BasePermission):
    message = "You are not a member of this team."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        # Runs in a worker thread: database queries are fine here.
        return bool(obj.user_set.filter(pk=request.user.pk).exists())


class TeamAuthenticator(DjangoAuthenticator):
    # authentication_classes: REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] (session, token)
    permission_classes = [IsAuthenticated, IsTeamMember]
    queryset = Group.objects.all()  # looked up with the route's <int:pk>
    obj: Group


class WhoAmI(BaseMessage):
    action: Literal["whoami"] = "whoami"
    payload: None = None


class Member(BaseModel):
    username: str
    team: str


class MemberMessage(BaseMessage):
    action: Literal["member"] = "member"
    payload: Member


class SiteConsumer(AsyncJsonWebsocketConsumer):
    """Base of the site's consumers: browsers may connect only from the site's own pages."""

    allowed_origins = [SAME_HOST, "https://app.example.com"]
    allow_missing_origin = True  # scripts and mobile apps send no Origin (and no cookies)


class TeamConsumer(SiteConsumer):
    authenticator_class = TeamAuthenticator
    authenticator: TeamAuthenticator
    send_completion = True

    async def post_authentication(self) -> None:
        # Only authenticated members get here: join the team's group.
        group = f"team.{self.authenticator.obj.pk}"
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups.append(group)

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def whoami(self, message: WhoAmI) -> MemberMessage:
        user = self.authenticator.user
        assert user is not None
        return MemberMessage(
            payload=Member(username=user.get_username(), team=self.authenticator.obj.name)
        )


# AuthMiddlewareStack resolves the session cookie; DRF then sees the session user.
websocket_app = AuthMiddlewareStack(URLRouter([path("ws/team/<int:pk>/", TeamConsumer.as_asgi())]))
