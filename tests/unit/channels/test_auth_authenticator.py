"""DjangoAuthenticator in isolation: configuration copying, lookups, views, errors, threads."""

import asyncio
import threading
from typing import Any

import pytest
import structlog
from django.core.cache import cache
from django.db.models import QuerySet
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from chanx.channels.authenticator import (
    AuthActionInterceptMixin,
    AuthMethod,
    ChanxAuthMetadata,
    ChanxAuthView,
    ChanxSerializer,
    DjangoAuthenticator,
)
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import AuthenticationMessage
from tests.django_project.models import Room
from tests.unit.channels.conftest import create_room, create_user, token_for, token_header

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("forget_worker_connections"),
]


class Sent(list[BaseMessage]):
    """Stands in for the consumer's ``send_message``."""

    async def __call__(self, message: BaseMessage, *, validate: bool = False) -> None:
        self.append(message)


def scope(path: str = "/ws/x/", headers: Any = (), **kwargs: Any) -> dict[str, Any]:
    return {"type": "websocket", "path": path, "headers": list(headers), **kwargs}


def route(**kwargs: Any) -> dict[str, Any]:
    return {"url_route": {"args": (), "kwargs": kwargs}}


def status_of(sent: Sent) -> tuple[int, Any]:
    assert len(sent) == 1 and isinstance(sent[0], AuthenticationMessage), sent
    return sent[0].payload.status_code, sent[0].payload.data


# -- object lookup --------------------------------------------------------------------------------
async def test_manager_queryset_is_looked_up_after_success_only() -> None:
    class ByManager(DjangoAuthenticator):
        permission_classes = [AllowAny]
        queryset = Room.objects

    room = await create_room("green")
    sent = Sent()
    auth = ByManager(sent)
    assert await auth.authenticate(scope(**route(pk=room.pk)))
    assert status_of(sent) == (200, {"detail": "OK"})
    assert auth.obj == room

    # A Manager is not a QuerySet: a missing object does not refuse the connection.
    sent, auth = Sent(), ByManager(Sent())
    auth.send_message = sent
    assert await auth.authenticate(scope(**route(pk=room.pk + 100)))
    assert status_of(sent)[0] == 200 and auth.obj is None


async def test_lookup_field_and_url_kwarg_follow_the_route() -> None:
    class ByName(DjangoAuthenticator):
        permission_classes = [AllowAny]
        queryset = Room.objects.all()
        lookup_field = "name"
        lookup_url_kwarg = "room_name"

    room = await create_room("teal")
    auth = ByName(Sent())
    assert await auth.authenticate(scope(**route(room_name="teal")))
    assert auth.obj == room
    sent = Sent()
    assert not await ByName(sent).authenticate(scope(**route(room_name="nope")))
    assert status_of(sent) == (404, {"detail": "No Room matches the given query."})


async def test_get_queryset_runs_bound_to_the_authenticator() -> None:
    seen: list[Any] = []

    class MyRooms(DjangoAuthenticator):
        permission_classes = [IsAuthenticated]
        queryset = Room.objects.all()

        def get_queryset(self) -> QuerySet[Room]:
            seen.append(self)
            assert self.request is not None
            return Room.objects.filter(members=self.request.user)

    ann, bob = await create_user("ann"), await create_user("bob")
    room = await create_room("mine", ann)
    auth = MyRooms(Sent())
    assert await auth.authenticate(
        scope(headers=token_header(await token_for(ann)), **route(pk=room.pk))
    )
    assert auth.obj == room and seen and all(s is auth for s in seen)

    sent = Sent()
    refused = MyRooms(sent)
    assert not await refused.authenticate(
        scope(headers=token_header(await token_for(bob)), **route(pk=room.pk))
    )
    assert status_of(sent)[0] == 404 and refused.obj is None


# -- the view --------------------------------------------------------------------------------------
class ExplodingView(GenericAPIView[Any]):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise AssertionError("the real handler must never run")


class TeapotView(GenericAPIView[Any]):
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"detail": "brewing"}, status=418)


async def test_custom_view_handlers_are_intercepted() -> None:
    class Custom(DjangoAuthenticator):
        permission_classes = [AllowAny]
        auth_view_class = ExplodingView

    sent = Sent()
    assert await Custom(sent).authenticate(scope())
    assert status_of(sent) == (200, {"detail": "OK"})
    from chanx.channels.authenticator import _intercepted_view

    intercepted = _intercepted_view(ExplodingView)
    assert intercepted.__name__ == "InterceptedExplodingView"
    assert intercepted.__bases__ == (AuthActionInterceptMixin, ExplodingView)
    assert intercepted.__module__ == ExplodingView.__module__


async def test_real_view_handlers_run_when_not_overridden() -> None:
    class Real(DjangoAuthenticator):
        permission_classes = [AllowAny]
        auth_view_class = TeapotView
        override_http_methods = False

    sent = Sent()
    assert not await Real(sent).authenticate(scope())
    assert status_of(sent) == (418, {"detail": "brewing"})


class RefusingView(ChanxAuthView):
    def get_response(self, request: Request) -> Response:
        return Response({"detail": f"closed for {self.kwargs['pk']}"}, status=403)


class WelcomingView(AuthActionInterceptMixin, GenericAPIView[Any]):
    answered: list[str] = []

    def get_response(self, request: Request) -> Response:
        self.answered.append(request.method or "")
        response = super().get_response(request)
        response.data = {"detail": "welcome"}
        return response


async def test_a_views_get_response_override_answers_the_handshake() -> None:
    class Refusing(DjangoAuthenticator):
        permission_classes = [AllowAny]
        auth_view_class = RefusingView

    sent = Sent()
    assert not await Refusing(sent).authenticate(scope(**route(pk=7)))
    assert status_of(sent) == (403, {"detail": "closed for 7"})


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
async def test_every_intercepted_method_answers_through_get_response(method: AuthMethod) -> None:
    class Welcoming(DjangoAuthenticator):
        permission_classes = [AllowAny]
        auth_view_class = WelcomingView
        auth_method = method

    WelcomingView.answered.clear()
    auth = Welcoming(Sent())
    assert await auth.authenticate(scope())
    assert WelcomingView.answered == [method.upper()]
    assert isinstance(auth.request, Request)
    view = WelcomingView()
    view.queryset = None
    assert view.get_response(auth.request).data == {"detail": "welcome"}
    assert ChanxAuthView().get_response(auth.request).data == {"detail": "ok"}


def test_default_view_and_serializer() -> None:
    assert issubclass(ChanxAuthView, AuthActionInterceptMixin)
    assert ChanxAuthView.serializer_class is ChanxSerializer
    field = ChanxSerializer().fields["detail"]
    assert field.write_only and not field.required


class MethodIsPost(BasePermission):
    message = "wrong method"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method == "POST"


async def test_auth_method_sets_the_request_method() -> None:
    class Posting(DjangoAuthenticator):
        authentication_classes: list[Any] = []
        permission_classes = [MethodIsPost]
        auth_method: AuthMethod = "post"

    assert await Posting(Sent()).authenticate(scope())
    sent = Sent()
    getter = Posting(sent)
    getter.auth_method = "get"
    assert not await getter.authenticate(scope())
    assert status_of(sent) == (403, {"detail": "wrong method"})


async def test_auth_method_options_runs_drf_options_handler_after_the_checks() -> None:
    class Plain(DjangoAuthenticator):
        permission_classes = [AllowAny]
        auth_method: AuthMethod = "options"

    sent = Sent()
    assert await Plain(sent).authenticate(scope())  # the default view, no queryset
    assert status_of(sent) == (200, {"detail": "OK"})

    seen: list[str] = []

    class RecordingMetadata(ChanxAuthMetadata):
        def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
            seen.append(str(request.method))
            return dict(super().determine_metadata(request, view))

    class OptionsView(ChanxAuthView):
        metadata_class = RecordingMetadata

    class Optioning(DjangoAuthenticator):
        permission_classes = [AllowAny]
        auth_method: AuthMethod = "options"
        auth_view_class = OptionsView

    sent = Sent()
    assert await Optioning(sent).authenticate(scope())
    assert status_of(sent) == (200, {"detail": "OK"})
    assert seen == ["OPTIONS"]

    class MembersOnly(Optioning):
        permission_classes = [IsAuthenticated]

    refused = Sent()
    assert not await MembersOnly(refused).authenticate(scope())
    assert status_of(refused)[0] in (401, 403)
    assert seen == ["OPTIONS"]  # refused in DRF's checks, before the handler


# -- state left on the authenticator and the scope ------------------------------------------------
async def test_user_request_and_scope_after_success_and_failure() -> None:
    class Members(DjangoAuthenticator):
        permission_classes = [IsAuthenticated]

    ann = await create_user("ann")
    good = scope(headers=token_header(await token_for(ann)))
    auth = Members(Sent())
    assert await auth.authenticate(good)
    assert isinstance(auth.request, Request) and auth.request.method == "GET"
    assert auth.user == ann and good["user"] == ann and good["object"] is None

    bad = scope(headers=token_header("f" * 40))
    refused = Members(Sent())
    assert not await refused.authenticate(bad)
    assert refused.user is not None and refused.user.is_anonymous
    assert "user" not in bad and "object" not in bad


async def test_request_context_is_bound_for_logging() -> None:
    class Anyone(DjangoAuthenticator):
        permission_classes = [AllowAny]

    structlog.contextvars.clear_contextvars()
    try:
        headers = [(b"x-request-id", b"req-42")]
        await Anyone(Sent()).authenticate(scope("/ws/ctx/", headers, client=("10.1.2.3", 5555)))
        bound = structlog.contextvars.get_contextvars()
        assert (bound["request_id"], bound["path"], bound["ip"]) == (
            "req-42",
            "/ws/ctx/",
            "10.1.2.3",
        )
        await Anyone(Sent()).authenticate(scope("/ws/ctx/"))
        bound = structlog.contextvars.get_contextvars()
        assert bound["ip"] is None and len(bound["request_id"]) == 36
    finally:
        structlog.contextvars.clear_contextvars()


# -- failures ----------------------------------------------------------------------------------------
class Broken(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        raise RuntimeError("database is on fire")


async def test_unexpected_error_is_logged_and_refuses_without_a_frame() -> None:
    class Fragile(DjangoAuthenticator):
        permission_classes = [Broken]

    sent = Sent()
    with structlog.testing.capture_logs() as logs:
        assert not await Fragile(sent).authenticate(scope())
    assert sent == []
    errors = [e for e in logs if e["log_level"] == "error"]
    assert errors[0]["event"] == "Authentication failed with unexpected error: database is on fire"
    assert errors[0].get("exc_info")  # logged with its traceback


async def test_throttles_apply_per_client_address() -> None:
    class TwoPerMinute(AnonRateThrottle):
        rate = "2/min"

    # Throttles are configured on the view (or in REST_FRAMEWORK settings).
    class ThrottledView(ChanxAuthView):
        throttle_classes = [TwoPerMinute]

    class Throttled(DjangoAuthenticator):
        authentication_classes: list[Any] = []
        permission_classes = [AllowAny]
        auth_view_class = ThrottledView

    cache.clear()
    try:
        first = scope(client=("10.0.0.1", 1))
        assert await Throttled(Sent()).authenticate(first)
        assert await Throttled(Sent()).authenticate(first)
        sent = Sent()
        assert not await Throttled(sent).authenticate(first)
        assert status_of(sent)[0] == 429
        # Another address has its own budget.
        assert await Throttled(Sent()).authenticate(scope(client=("10.0.0.2", 1)))
    finally:
        cache.clear()


async def test_authentication_does_not_block_the_event_loop() -> None:
    entered, release = threading.Event(), threading.Event()
    threads: list[int] = []

    class Slow(BasePermission):
        def has_permission(self, request: Request, view: APIView) -> bool:
            threads.append(threading.get_ident())
            entered.set()
            return release.wait(10)

    class Patient(DjangoAuthenticator):
        authentication_classes: list[Any] = []
        permission_classes = [Slow]

    task = asyncio.ensure_future(Patient(Sent()).authenticate(scope()))
    assert await asyncio.to_thread(entered.wait, 10)
    # The permission check is blocked in its thread, yet this coroutine keeps running.
    assert not task.done()
    release.set()
    assert await asyncio.wait_for(task, 10)
    assert threads and threads[0] != threading.get_ident()
