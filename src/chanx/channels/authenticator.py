"""Connection authentication through Django REST framework.

``DjangoAuthenticator`` builds a Django request from the WebSocket scope and dispatches it to
a DRF ``GenericAPIView`` in a worker thread, so DRF authentication classes, permission
classes (object permissions included) and throttles decide whether the socket stays open.
"""

import uuid
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import structlog
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Manager, Model, QuerySet
from django.http import HttpRequest
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import APIException
from rest_framework.generics import GenericAPIView
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request
from rest_framework.response import Response

from chanx.channels.db_connections import database_sync_to_async
from chanx.channels.utils.request import request_from_scope
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.connection.disconnects import is_client_gone
from chanx.messages.outgoing import AuthenticationMessage, AuthenticationPayload
from chanx.type_defs import SendMessageFn
from chanx.utils.logging import logger

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass
else:
    _PermissionClass = Any

AuthMethod = Literal["get", "post", "put", "patch", "delete", "options"]

# Attributes and methods copied from the authenticator to the view, when defined.
_VIEW_ATTRIBUTES = (
    "authentication_classes",
    "permission_classes",
    "queryset",
    "lookup_field",
    "lookup_url_kwarg",
    "get_queryset",
    "get_object",
)


class ExtendedRequest(Request):
    """A DRF request carrying the object looked up during authentication."""

    obj: Model | None


class ChanxSerializer(serializers.Serializer[Any]):
    """The auth view's serializer: a single optional write-only ``detail`` field."""

    detail = serializers.CharField(write_only=True, required=False)


class AuthActionInterceptMixin:
    """Replaces a view's ``get``/``post``/``put``/``patch``/``delete`` for authentication.

    DRF has already authenticated, checked permissions and throttled in ``initial()``; every
    handler answers with :meth:`get_response`, which only performs the object lookup (when
    ``queryset`` is a ``QuerySet``) so missing objects answer 404 and object-permission
    refusals 403. The real handlers never run. Override ``get_response`` to answer
    differently (any status other than 200 refuses the connection).
    """

    queryset: Any

    def get_response(self, request: Request) -> Response:
        """The authentication answer: look up the object, then ``200 {"detail": "ok"}``.

        URL captures are on the view (``self.kwargs``), as for any DRF view.
        """
        if isinstance(self.queryset, QuerySet):
            obj = self.get_object()  # type: ignore[attr-defined]
            request.obj = obj  # type: ignore[attr-defined]
        return Response({"detail": "ok"})

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Authentication passed DRF's checks: answer with :meth:`get_response`."""
        return self.get_response(request)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Same as ``get``."""
        return self.get_response(request)

    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Same as ``get``."""
        return self.get_response(request)

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Same as ``get``."""
        return self.get_response(request)

    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Same as ``get``."""
        return self.get_response(request)


class ChanxAuthMetadata(SimpleMetadata):
    """DRF's ``OPTIONS`` metadata without the per-method form descriptions.

    Describing ``PUT`` makes DRF call ``get_object()``, which fails on a view without a
    queryset (the default), so ``auth_method = "options"`` would never authenticate.
    """

    def determine_actions(self, request: Request, view: Any) -> dict[str, Any]:
        return {}


class ChanxAuthView(AuthActionInterceptMixin, GenericAPIView[Any]):
    """Default view the handshake is dispatched to."""

    serializer_class = ChanxSerializer
    metadata_class = ChanxAuthMetadata


@cache
def _intercepted_view(view_class: type[GenericAPIView[Any]]) -> type[GenericAPIView[Any]]:
    """``view_class`` with its action handlers replaced (created once per view class)."""
    return type(
        f"Intercepted{view_class.__name__}",
        (AuthActionInterceptMixin, view_class),
        {"__module__": view_class.__module__},
    )


class _Outcome:
    """What the worker thread found out."""

    __slots__ = ("data", "drf_request", "obj", "status_code", "status_text", "user")

    def __init__(self, response: Response, drf_request: Request, user: Any) -> None:
        self.status_code: int = response.status_code
        self.status_text: str = response.status_text
        self.data: Any = response.data
        self.drf_request = drf_request
        self.user = user
        self.obj: Any = None


class DjangoAuthenticator(BaseAuthenticator):
    """Authenticate a connection with DRF authentication and permission classes.

    Configure it like a DRF view; attributes left unset fall back to the view's defaults
    (``REST_FRAMEWORK`` settings)::

        class RoomAuthenticator(DjangoAuthenticator):
            permission_classes = [IsAuthenticated, IsRoomMember]
            queryset = Room.objects.all()
            obj: Room
    """

    authentication_classes: Sequence[type[BaseAuthentication]]
    permission_classes: Sequence[_PermissionClass]
    queryset: QuerySet[Any] | Manager[Any] | None
    lookup_field: str
    lookup_url_kwarg: str | None
    auth_method: AuthMethod = "get"
    auth_view_class: type[GenericAPIView[Any]] = ChanxAuthView
    override_http_methods: bool = True
    user: AbstractBaseUser | AnonymousUser | None = None
    obj: Model | None = None

    def __init__(self, send_message: SendMessageFn) -> None:
        super().__init__(send_message)
        self.request: HttpRequest | Request | None = None

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        """Dispatch the handshake to the DRF view; send the outcome; ``True`` on HTTP 200."""
        try:
            request = request_from_scope(scope, self.auth_method.upper())
            self.request = request
            client = scope.get("client")
            structlog.contextvars.bind_contextvars(
                request_id=request.META.get("HTTP_X_REQUEST_ID") or str(uuid.uuid4()),
                path=request.path,
                ip=client[0] if client else None,
            )
            url_route = scope.get("url_route") or {}
            outcome = await database_sync_to_async(self._run_view)(
                request, url_route.get("args", ()), url_route.get("kwargs", {})
            )
            ok = bool(outcome.status_code == 200)
            self.status_code = outcome.status_code
            self.request = outcome.drf_request
            self.user = outcome.user
            self.obj = outcome.obj
            data = {"detail": "OK"} if ok else outcome.data
            if ok:
                # Later ASGI code and handlers find the user (and the looked-up object) on the scope.
                scope["user"] = self.user
                scope["object"] = self.obj
            else:
                await logger.awarning(
                    "Authentication refused",
                    status_code=outcome.status_code,
                    detail=_detail(data),
                )
            await self.send_message(
                AuthenticationMessage(
                    payload=AuthenticationPayload(
                        status_code=outcome.status_code,
                        status_text=outcome.status_text,
                        data=data,
                    )
                )
            )
            return ok
        except Exception as exc:
            if is_client_gone(exc):  # the client left while it was being authenticated
                await logger.ainfo("Client disconnected during authentication")
                return False
            await logger.aexception(f"Authentication failed with unexpected error: {exc}")
            return False

    # -- worker thread ---------------------------------------------------------------------
    def _run_view(
        self, request: HttpRequest, args: Sequence[Any], kwargs: dict[str, Any]
    ) -> _Outcome:
        view = self._build_view()
        view.setup(request, *args, **kwargs)
        response = view.dispatch(request, *args, **kwargs)
        assert isinstance(response, Response)
        response.render()
        drf_request = view.request
        assert isinstance(drf_request, Request)
        outcome = _Outcome(response, drf_request, _user_of(drf_request))
        if outcome.status_code == 200:
            outcome.obj = getattr(drf_request, "obj", None)
            if outcome.obj is None:
                try:
                    outcome.obj = view.get_object()
                except Exception:
                    # No queryset, no such object, no permission: the object is simply absent.
                    outcome.obj = None
        return outcome

    def _build_view(self) -> GenericAPIView[Any]:
        view_class = self.auth_view_class
        # A view already built on the mixin (ChanxAuthView and its subclasses) is used as is.
        if self.override_http_methods and not issubclass(view_class, AuthActionInterceptMixin):
            view_class = _intercepted_view(view_class)
        view = view_class()
        for name in _VIEW_ATTRIBUTES:
            if hasattr(self, name):
                setattr(view, name, getattr(self, name))
        return view


def _user_of(drf_request: Request) -> Any:
    try:
        return drf_request.user
    except APIException:
        # Authentication was never reached (e.g. content negotiation failed) and now fails.
        return AnonymousUser()


def _detail(data: Any) -> Any:
    """The refusal reason for logs (DRF's ``detail`` message; never credentials)."""
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return data
