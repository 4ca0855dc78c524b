"""Testing a secured consumer with ``WebsocketTestCase`` (docs/auth.md)."""

from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group, User
from django.test import Client
from rest_framework.authtoken.models import Token

from chanx.channels.testing import WebsocketTestCase
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from examples.django_auth_teams import Member, MemberMessage, TeamConsumer, WhoAmI, websocket_app


class TeamConsumerTests(WebsocketTestCase):
    consumer = TeamConsumer
    router = websocket_app  # omit to use the websocket app of settings.ASGI_APPLICATION

    def get_ws_headers(self) -> list[tuple[bytes, bytes]]:
        # Runs in setUp: create the member, their team and a DRF token.
        self.user = User.objects.create_user("ann")
        self.team = Group.objects.create(name="blue")
        self.user.groups.add(self.team)
        self.ws_path = f"/ws/team/{self.team.pk}/"
        token = Token.objects.create(user=self.user)
        return [(b"authorization", f"Token {token.key}".encode())]

    async def test_member_is_authenticated(self) -> None:
        await self.auth_communicator.connect()
        await self.auth_communicator.assert_authenticated_status_ok()
        await self.auth_communicator.send_message(WhoAmI())
        replies = await self.auth_communicator.receive_all_messages()
        assert replies == [MemberMessage(payload=Member(username="ann", team="blue"))]

    async def test_session_login_works_too(self) -> None:
        client = Client()
        await sync_to_async(client.force_login)(self.user)
        cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
        browser = self.create_communicator(headers=[(b"cookie", cookie)])
        await browser.connect()
        await browser.assert_authenticated_status_ok()
        await browser.send_message(PingMessage())
        assert await browser.receive_all_messages() == [PongMessage()]

    async def test_anonymous_is_refused(self) -> None:
        anonymous = self.create_communicator(headers=[])
        await anonymous.connect()
        auth = await anonymous.wait_for_auth()
        assert auth is not None
        assert auth.payload.status_code == 403
        assert auth.payload.data == {"detail": "Authentication credentials were not provided."}
        await anonymous.assert_closed()

    async def test_outsider_is_refused(self) -> None:
        outsider = await sync_to_async(User.objects.create_user)("bob")
        token = await sync_to_async(Token.objects.create)(user=outsider)
        communicator = self.create_communicator(
            headers=[(b"authorization", f"Token {token.key}".encode())]
        )
        await communicator.connect()
        auth = await communicator.wait_for_auth()
        assert auth is not None
        assert auth.payload.status_code == 403
        assert auth.payload.data == {"detail": "You are not a member of this team."}
        await communicator.assert_closed()
