"""Test helpers for Django Channels: the communicator and the auth-aware test case."""

import asyncio
import contextlib
from typing import Any

import humps
from asgiref.sync import async_to_sync
from django.test import TransactionTestCase

from chanx.channels import settings as chanx_settings_module
from chanx.channels.communicator import ChannelsWebsocketCommunicator as ChannelsCommunicator
from chanx.channels.utils.asgi import get_websocket_application
from chanx.messages.outgoing import AuthenticationMessage
from chanx.testing.capture import CapturedBroadcastEvent as CapturedBroadcastEvent
from chanx.testing.capture import capture_broadcast_events as capture_broadcast_events
from chanx.testing.communicator import ChanxCommunicatorMixin
from chanx.testing.factory import CommunicatorFactory

NO_APPLICATION_ERROR = (
    "Could not obtain a WebSocket application. Make sure your ASGI application is properly "
    "configured with a 'websocket' handler in the ProtocolTypeRouter."
)


class _ReceiveTrackingQueue(asyncio.Queue[Any]):
    """The application's ``receive``; notes when it asks for a second event.

    A Channels consumer asks for its next event only after it has finished handling the
    previous one, so the second call means ``websocket.connect`` (authentication and
    ``post_authentication``) is fully handled.
    """

    def __init__(self) -> None:
        super().__init__()
        self._calls = 0
        self.connect_handled = asyncio.Event()

    async def get(self) -> Any:
        self._calls += 1
        if self._calls >= 2:
            self.connect_handled.set()
        return await super().get()


class WebsocketCommunicator(ChanxCommunicatorMixin, ChannelsCommunicator):
    """Test client for chanx consumers on Django Channels, with the authentication helpers.

    ``DjangoWebsocketCommunicator`` is the same class under its older name.
    """

    _input_queue: asyncio.Queue[Any] | None

    @property
    def input_queue(self) -> asyncio.Queue[Any]:
        if self._input_queue is None:
            self._input_queue = _ReceiveTrackingQueue()
        return self._input_queue

    async def wait_for_auth(
        self,
        send_authentication_message: bool | None = None,
        max_auth_time: float = 0.5,
        after_auth_time: float = 0.1,
    ) -> AuthenticationMessage | None:
        """Read the authentication frame (waiting up to ``max_auth_time``) and return it.

        Afterwards, waits up to ``after_auth_time`` for ``post_authentication`` to finish,
        returning as soon as the consumer has handled the connection. When no
        authentication message is expected (``CHANX["SEND_AUTHENTICATION_MESSAGE"]``
        false), waits up to ``max_auth_time`` the same way, reads nothing and returns ``None``.
        """
        settings = chanx_settings_module.chanx_settings
        if send_authentication_message is None:
            send_authentication_message = bool(settings.SEND_AUTHENTICATION_MESSAGE)
        if not send_authentication_message:
            await self._wait_connect_handled(max_auth_time)
            return None
        # A direct wait: a queued frame returns at once; a timeout cancels the application.
        frame = await self.receive_json_from(max_auth_time)
        if settings.CAMELIZE or getattr(self.consumer, "camelize", False):
            frame = humps.decamelize(frame)
        await self._wait_connect_handled(after_auth_time)
        return AuthenticationMessage.model_validate(frame)

    async def assert_authenticated_status_ok(self, max_auth_time: float = 0.5) -> None:
        """Assert that the authentication frame reports HTTP 200."""
        auth = await self.wait_for_auth(max_auth_time=max_auth_time)
        assert auth is not None, "No authentication message is expected by the settings"
        assert auth.payload.status_code == 200, (
            f"Authentication failed: {auth.payload.status_code} {auth.payload.status_text} "
            f"{auth.payload.data!r}"
        )

    async def _wait_connect_handled(self, timeout: float) -> None:
        """Wait until the consumer finished connecting (or stopped), at most ``timeout``."""
        queue = self.input_queue
        if not isinstance(queue, _ReceiveTrackingQueue) or queue.connect_handled.is_set():
            return
        handled = asyncio.ensure_future(queue.connect_handled.wait())
        try:
            await asyncio.wait(
                {handled, self.future}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            handled.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await handled


DjangoWebsocketCommunicator = WebsocketCommunicator


class WebsocketTestCase(TransactionTestCase):
    """Base test case for chanx consumers; tracks and disconnects every communicator.

    Set ``consumer`` and ``ws_path``; override ``get_ws_headers`` to authenticate. Test
    methods may be ``async def``.
    """

    ws_path: str = ""
    router: Any = None
    consumer: type[Any]

    def get_ws_headers(self) -> list[tuple[bytes, bytes]]:
        """Headers for new communicators (runs in ``setUp``, may create users)."""
        return []

    def get_subprotocols(self) -> list[str]:
        """Subprotocols for new communicators."""
        return []

    def setUp(self) -> None:
        super().setUp()
        self.ws_headers = self.get_ws_headers()
        self.subprotocols = self.get_subprotocols()
        self._factory = CommunicatorFactory()

    @property
    def _communicators(self) -> list[WebsocketCommunicator]:
        """The communicators this test created, oldest first."""
        return self._factory.communicators

    def tearDown(self) -> None:
        for communicator in self._communicators:
            if communicator._future is None:
                continue  # never started: nothing to clean up
            with contextlib.suppress(Exception, asyncio.CancelledError):
                async_to_sync(communicator.disconnect)()
        self._communicators.clear()
        super().tearDown()

    def create_communicator(
        self,
        *,
        router: Any = None,
        ws_path: str | None = None,
        headers: list[tuple[bytes, bytes]] | None = None,
        subprotocols: list[str] | None = None,
    ) -> WebsocketCommunicator:
        """A new (unconnected) communicator; ``None`` arguments use the test case defaults."""
        application = router if router is not None else self.router
        if application is None:
            application = get_websocket_application()
        if application is None:
            raise ValueError(NO_APPLICATION_ERROR)
        path = ws_path if ws_path is not None else self.ws_path
        if not path:
            raise AttributeError(f"ws_path is not set in {type(self).__name__}")
        communicator: WebsocketCommunicator = self._factory.create(
            application,
            path,
            consumer=self.consumer,
            headers=headers if headers is not None else self.ws_headers,
            subprotocols=subprotocols if subprotocols is not None else self.subprotocols,
            communicator_class=WebsocketCommunicator,
        )
        return communicator

    @property
    def auth_communicator(self) -> WebsocketCommunicator:
        """The first communicator of this test (created with the defaults if needed)."""
        if not self._communicators:
            return self.create_communicator()
        return self._communicators[0]
