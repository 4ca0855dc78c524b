"""A framework-neutral authenticator (BaseAuthenticator) on both adapters.

Uses the ``ApiKeyAuthenticator`` of docs/auth.md (examples/django_auth_api_key.py).
"""

from functools import cache
from types import SimpleNamespace
from typing import Any

import pytest
from examples.django_auth_api_key import (
    ApiKeyAuthenticator,
    ClientName,
    FeedConsumer,
    WhoAmI,
)

from chanx.channels.testing import WebsocketCommunicator
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.decorators import ws_handler
from tests.conftest import Adapter

# Channels consumers close stale DB connections on every event: allow DB access.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("forget_worker_connections"),
]

KEY = [(b"x-api-key", b"letmein")]


class ExplodingAuthenticator(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        raise RuntimeError("key store unreachable")


@cache
def build(base: Any) -> SimpleNamespace:
    """Consumers guarded by the example authenticator, on ``base``'s framework."""
    record = SimpleNamespace(handled=[], post_authentication=[])

    class Guarded(base):  # type: ignore[misc]
        authenticator_class = ApiKeyAuthenticator
        authenticator: ApiKeyAuthenticator

        async def post_authentication(self) -> None:
            record.post_authentication.append(self.scope["user"].name)

        @ws_handler
        async def whoami(self, message: WhoAmI) -> ClientName:
            record.handled.append(message.action)
            client = self.authenticator.user
            assert client is not None and client is self.scope["user"]
            return ClientName(payload=client.name)

    class Exploding(Guarded):
        authenticator_class = ExplodingAuthenticator  # type: ignore[assignment]

    return SimpleNamespace(Guarded=Guarded, Exploding=Exploding, record=record)


def fresh(adapter: Adapter) -> SimpleNamespace:
    consumers = build(adapter.Consumer)
    consumers.record.handled.clear()
    consumers.record.post_authentication.clear()
    return consumers


async def test_valid_key_places_the_client_on_authenticator_and_scope(adapter: Adapter) -> None:
    consumers = fresh(adapter)
    async with adapter.communicator(consumers.Guarded, headers=KEY) as comm:
        await comm.send_message(WhoAmI())
        assert await comm.receive_json_from() == {"action": "client_name", "payload": "feed-bot"}
    assert consumers.record.post_authentication == ["feed-bot"]
    assert consumers.record.handled == ["whoami"]


async def test_bad_key_gets_the_error_frame_then_close_and_no_handler(adapter: Adapter) -> None:
    consumers = fresh(adapter)
    comm = adapter.communicator(consumers.Guarded, headers=[(b"x-api-key", b"guess")])
    try:
        assert await comm.connect() == (True, None)
        assert await comm.receive_json_from() == {
            "action": "error",
            "payload": {"detail": "bad key"},
        }
        closed = await comm.receive_output()
        assert closed["type"] == "websocket.close"
        assert closed.get("code", 1000) == 1000
        await comm.send_message(WhoAmI())
        assert await comm.receive_nothing()
    finally:
        await comm.disconnect()
    assert consumers.record.handled == []
    assert consumers.record.post_authentication == []


async def test_authenticator_exception_closes_with_1011(adapter: Adapter) -> None:
    # An exception in the authenticator closes the connection with 1011 (internal error)
    # instead of ending the application with it; no handler runs afterwards.
    consumers = fresh(adapter)
    comm = adapter.communicator(consumers.Exploding, headers=KEY)
    try:
        assert await comm.connect() == (True, None)
        closed = await comm.receive_output()
        assert closed == {**closed, "type": "websocket.close", "code": 1011}
        await comm.send_message(WhoAmI())
        assert await comm.receive_nothing()
    finally:
        await comm.disconnect()
    assert consumers.record.handled == []


async def test_documented_feed_consumer() -> None:
    async with WebsocketCommunicator(
        FeedConsumer.as_asgi(), "/feed", headers=KEY, consumer=FeedConsumer
    ) as comm:
        await comm.send_message(WhoAmI())
        assert await comm.receive_all_messages(stop_action="client_name") == [
            ClientName(payload="feed-bot")
        ]
