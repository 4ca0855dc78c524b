"""``WebsocketTestCase`` and ``DjangoWebsocketCommunicator`` used the way a user would."""

import asyncio
import concurrent.futures
from typing import Any

import pytest
from channels.layers import get_channel_layer
from channels.routing import ProtocolTypeRouter
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.authtoken.models import Token

from chanx.channels.testing import (
    NO_APPLICATION_ERROR,
    DjangoWebsocketCommunicator,
    WebsocketTestCase,
)
from chanx.channels.utils import get_websocket_application, override_chanx_settings
from chanx.messages.outgoing import AuthenticationMessage
from tests.django_project.auth_consumers import LobbyConsumer, ProfileConsumer, RoomConsumer
from tests.django_project.consumers import ChatConsumer
from tests.unit.channels.conftest import create_room, create_user, token_for, token_header
from tests.unit.channels.test_auth_django import whoami

# An ASGI application without a websocket entry (see test_no_websocket_application).
http_only_application = ProtocolTypeRouter({})


class ProfileTests(WebsocketTestCase):
    """Defaults everywhere: the websocket app comes from settings.ASGI_APPLICATION."""

    consumer = ProfileConsumer
    ws_path = "/ws/auth/profile/"

    def get_ws_headers(self) -> list[tuple[bytes, bytes]]:
        self.user = User.objects.create_user("ann")
        return [(b"authorization", f"Token {Token.objects.create(user=self.user).key}".encode())]

    async def test_auth_communicator_is_created_once_and_not_connected(self) -> None:
        communicator = self.auth_communicator
        assert communicator is self.auth_communicator
        assert isinstance(communicator, DjangoWebsocketCommunicator)
        assert communicator._connected is False
        assert communicator.scope["headers"] == self.ws_headers
        assert communicator.consumer is ProfileConsumer

    async def test_authenticated_user_reaches_the_handler(self) -> None:
        await self.auth_communicator.connect()
        await self.auth_communicator.assert_authenticated_status_ok()
        assert (await whoami(self.auth_communicator)).username == "ann"

    async def test_create_communicator_overrides(self) -> None:
        anonymous = self.create_communicator(headers=[], ws_path="/ws/auth/lobby/")
        assert anonymous.scope["path"] == "/ws/auth/lobby/"
        assert anonymous.scope["headers"] == []
        assert self.auth_communicator is anonymous  # the first one created
        await anonymous.connect()
        auth = await anonymous.wait_for_auth()
        assert auth is not None and auth.payload.status_code == 200
        assert len(self._communicators) == 1

    async def test_refused_client_fails_assert_authenticated_status_ok(self) -> None:
        refused = self.create_communicator(headers=[])
        await refused.connect()
        with pytest.raises(AssertionError, match="403 Forbidden"):
            await refused.assert_authenticated_status_ok()
        await refused.assert_closed()

    @override_chanx_settings(SEND_AUTHENTICATION_MESSAGE=False)
    async def test_no_authentication_message_expected(self) -> None:
        await self.auth_communicator.connect()
        assert await self.auth_communicator.wait_for_auth() is None
        # Nothing was read: the frame the authenticator always sends is still queued.
        frame = await self.auth_communicator.receive_json_from()
        assert frame["payload"]["status_code"] == 200

    @override_chanx_settings(CAMELIZE=True)
    async def test_camelized_frame_is_decamelized(self) -> None:
        await self.auth_communicator.connect()
        auth = await self.auth_communicator.wait_for_auth()
        assert auth is not None
        assert (auth.payload.status_code, auth.payload.status_text) == (200, "OK")


class MisconfiguredTests(WebsocketTestCase):
    def test_missing_ws_path(self) -> None:
        with pytest.raises(AttributeError, match="ws_path is not set in MisconfiguredTests"):
            self.create_communicator()

    def test_missing_consumer(self) -> None:
        with pytest.raises(AttributeError):
            self.create_communicator(ws_path="/ws/auth/lobby/")

    @override_settings(ASGI_APPLICATION=f"{__name__}.http_only_application")
    def test_no_websocket_application(self) -> None:
        with pytest.raises(ValueError) as info:
            self.create_communicator(ws_path="/ws/auth/lobby/")
        assert str(info.value) == NO_APPLICATION_ERROR


@pytest.mark.django_db(transaction=True)
def test_teardown_disconnects_every_started_communicator_and_swallows_errors() -> None:
    class Case(WebsocketTestCase):
        consumer = LobbyConsumer
        ws_path = "/ws/auth/lobby/"

        def test_nothing(self) -> None:
            """Placeholder so the case can be instantiated."""

    case = Case("test_nothing")
    case.setUp()
    calls: list[str] = []

    def fake_disconnect(name: str, error: BaseException | None) -> Any:
        async def disconnect(code: int = 1000, timeout: float = 1) -> None:
            calls.append(name)
            if error is not None:
                raise error

        return disconnect

    outcomes: list[BaseException | None] = [
        None,
        RuntimeError("app died"),
        asyncio.CancelledError(),
    ]
    for index, error in enumerate(outcomes):
        communicator = case.create_communicator()
        started: concurrent.futures.Future[None] = concurrent.futures.Future()
        started.set_result(None)
        communicator._future = started  # as if the application had run
        communicator.disconnect = fake_disconnect(f"started-{index}", error)  # type: ignore[method-assign]
    idle = case.create_communicator()  # never started: nothing to disconnect
    idle.disconnect = fake_disconnect("idle", None)  # type: ignore[method-assign]

    case.tearDown()
    assert calls == ["started-0", "started-1", "started-2"]
    assert case._communicators == []


# -- DjangoWebsocketCommunicator outside the test case ------------------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_wait_for_auth_is_a_direct_wait() -> None:
    # ChatConsumer has no authenticator: no frame comes, the wait times out and the
    # application is cancelled, as receive_json_from's timeout does.
    comm = DjangoWebsocketCommunicator(
        get_websocket_application(), "/ws/chat/blue/", consumer=ChatConsumer
    )
    await comm.connect()
    with pytest.raises(TimeoutError):
        await comm.wait_for_auth(max_auth_time=0.2)
    assert comm.future.cancelled()
    await comm.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_wait_for_auth_returns_once_post_authentication_is_done() -> None:
    ann = await create_user("ann")
    room = await create_room("blue", ann)
    comm = DjangoWebsocketCommunicator(
        get_websocket_application(),
        f"/ws/auth/room/{room.pk}/",
        headers=token_header(await token_for(ann)),
        consumer=RoomConsumer,
    )
    await comm.connect()
    # after_auth_time is only an upper bound: the call ends when the consumer has finished
    # connecting (post_authentication joined the group), far before 60 s.
    async with asyncio.timeout(30):
        auth = await comm.wait_for_auth(max_auth_time=5, after_auth_time=60)
    assert isinstance(auth, AuthenticationMessage) and auth.payload.status_code == 200
    relay = {"type": "handle_group_message", "message": {"action": "hi", "payload": None}}
    layer = get_channel_layer()
    assert layer is not None
    await layer.group_send(f"auth-room.{room.pk}", relay)
    assert await comm.receive_json_from() == {"action": "hi", "payload": None}
    await comm.disconnect()


class CamelLobbyConsumer(LobbyConsumer):
    camelize = True


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_wait_for_auth_decamelizes_for_a_camelizing_consumer() -> None:
    comm = DjangoWebsocketCommunicator(
        CamelLobbyConsumer.as_asgi(), "/ws/camel/", consumer=CamelLobbyConsumer
    )
    await comm.connect()
    auth = await comm.wait_for_auth()
    assert auth is not None and auth.payload.status_code == 200
    await comm.disconnect()
