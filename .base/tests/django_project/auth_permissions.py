"""DRF authentication and permission classes used by the auth tests."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from tests.django_project.models import Room

TOKEN_LIFETIME = timedelta(hours=1)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF token authentication whose tokens expire ``TOKEN_LIFETIME`` after creation."""

    def authenticate_credentials(self, key: str) -> Any:
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - TOKEN_LIFETIME:
            raise AuthenticationFailed("Token has expired.")
        return user, token


class IsRoomMember(BasePermission):
    """Only members of the room may join it."""

    message = "You are not a member of this room."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        assert isinstance(obj, Room)
        return obj.members.filter(pk=request.user.pk).exists()
