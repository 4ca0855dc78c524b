"""``DjangoAuthenticator`` inside a Django ``TestCase``: every test runs in one transaction.

On PostgreSQL (``tests.django_project.settings_postgres``, run by ``test_auth_postgres``)
closing the test's connection mid-transaction makes every later query fail with "Cannot open
a new connection in an atomic block"; the authenticator and the consumer's per-message
clean-up must leave a connection in a transaction alone.
"""

import asyncio

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator as ChannelsOwnCommunicator
from django.contrib.auth.models import User
from django.test import TestCase
from rest_framework.authtoken.models import Token

from chanx.channels.testing import DjangoWebsocketCommunicator
from chanx.channels.utils import get_websocket_application
from tests.django_project.auth_consumers import ProfileConsumer
from tests.unit.channels.test_auth_django import OK_FRAME, whoami

PATH = "/ws/auth/profile/"


class AuthenticationInATransaction(TestCase):
    def setUp(self) -> None:
        self.user = User.objects.create_user("ann")
        self.headers = [
            (b"authorization", f"Token {Token.objects.create(user=self.user).key}".encode())
        ]

    async def test_the_test_database_stays_usable_after_authenticating(self) -> None:
        communicator = DjangoWebsocketCommunicator(
            get_websocket_application(), PATH, headers=self.headers, consumer=ProfileConsumer
        )
        assert (await communicator.connect())[0]
        # The test does its own database work while the handshake is authenticated.
        await asyncio.sleep(0.2)
        assert await sync_to_async(User.objects.filter(username="ann").count)() == 1
        assert await communicator.receive_json_from() == OK_FRAME
        assert (await whoami(communicator)).username == "ann"
        await sync_to_async(User.objects.create_user)("bob")
        assert await sync_to_async(User.objects.count)() == 2
        await communicator.disconnect()

    async def test_with_channels_own_test_client(self) -> None:
        communicator = ChannelsOwnCommunicator(get_websocket_application(), PATH, self.headers)
        assert (await communicator.connect())[0]
        await asyncio.sleep(0.2)
        assert await communicator.receive_json_from() == OK_FRAME
        await communicator.send_json_to({"action": "whoami"})
        await asyncio.sleep(0.2)
        reply = await communicator.receive_json_from()
        assert reply["payload"]["username"] == "ann"
        assert await sync_to_async(Token.objects.filter(user__username="ann").exists)()
        await communicator.disconnect()
