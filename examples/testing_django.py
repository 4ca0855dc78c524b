"""Testing a Django Channels consumer: pytest fixtures and a Django test case (docs/testing.md).

Needs the Django settings of the test project; run by ``tests/unit/testing/test_docs.py``.
"""

from typing import Any, Literal

from channels.auth import AuthMiddlewareStack
from django.test import TransactionTestCase
from rest_framework.permissions import IsAuthenticated

from chanx.channels.authenticator import DjangoAuthenticator
from chanx.channels.utils import override_chanx_settings
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.testing import CommunicatorFactory, capture_broadcast_events


# --- the application under test --------------------------------------------------------
class Hello(BaseMessage):
    action: Literal["hello"] = "hello"
    payload: None = None


class Greeting(BaseMessage):
    action: Literal["greeting"] = "greeting"
    payload: str


class NoteAdded(BaseMessage):
    action: Literal["note_added"] = "note_added"
    payload: str


class MembersOnly(DjangoAuthenticator):
    permission_classes = [IsAuthenticated]


class NotesConsumer(AsyncJsonWebsocketConsumer[NoteAdded]):
    authenticator_class = MembersOnly
    authenticator: MembersOnly
    groups = ["notes"]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def hello(self, message: Hello) -> Greeting:
        user = self.authenticator.user
        return Greeting(payload=f"hello {user.get_username() if user else '?'}")


application = AuthMiddlewareStack(NotesConsumer.as_asgi())


async def publish_note(text: str) -> None:
    """Code under test (a view, a signal handler, a task...)."""
    await NotesConsumer.broadcast_event(NoteAdded(payload=text))


# --- pytest (pytest-django + pytest-asyncio) --------------------------------------------
async def test_logged_in_user_is_greeted(chanx_auth_communicator: Any) -> None:
    ws = await chanx_auth_communicator("/notes/", consumer=NotesConsumer, application=application)
    await ws.send_message(Hello())
    await ws.assert_message_pushed(Greeting, f"hello {ws.user.get_username()}")


async def test_completion_from_settings(chanx_auth_communicator: Any, chanx_settings: Any) -> None:
    chanx_settings(SEND_COMPLETION=True)
    ws = await chanx_auth_communicator("/notes/", consumer=NotesConsumer, application=application)
    await ws.send_message(PingMessage())
    assert await ws.receive_all_messages() == [PongMessage()]


# --- a Django test case --------------------------------------------------------------------
class NotesTestCase(TransactionTestCase):
    async def test_publishing_broadcasts_to_the_group(self) -> None:
        with capture_broadcast_events(NotesConsumer) as seen:
            await publish_note("buy milk")
        seen.assert_broadcast(NoteAdded, "buy milk", group="notes")

    @override_chanx_settings(SEND_AUTHENTICATION_MESSAGE=True)
    async def test_anonymous_visitor_is_refused(self) -> None:
        async with CommunicatorFactory() as connect:
            ws = await connect(application, "/notes/", consumer=NotesConsumer)
            auth = await ws.wait_for_auth()
            assert auth.payload.status_code in (401, 403)
            await ws.assert_closed()
