"""Fixtures for the Django auth tests: real users, DRF tokens, session cookies, communicators.

Nothing here is autouse, so other tests in this directory are unaffected.
"""

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from rest_framework.authtoken.models import Token

from chanx.channels.testing import DjangoWebsocketCommunicator
from chanx.channels.utils import get_websocket_application
from tests.django_project import auth_consumers
from tests.django_project.models import Room

Headers = list[tuple[bytes, bytes]]
Connect = Callable[..., Awaitable[DjangoWebsocketCommunicator]]


@sync_to_async
def create_user(username: str) -> Any:
    """A real Django user (password ``pw``)."""
    return User.objects.create_user(username=username, password="pw")


@sync_to_async
def token_for(user: Any) -> str:
    """A DRF token key for ``user``."""
    token, _ = Token.objects.get_or_create(user=user)
    return str(token.key)


@sync_to_async
def session_cookie_for(user: Any) -> str:
    """The session id of a logged-in browser session of ``user``."""
    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


@sync_to_async
def create_room(name: str, *members: Any) -> Room:
    room = Room.objects.create(name=name)
    room.members.add(*members)
    return room


def token_header(key: str, keyword: str = "Token") -> Headers:
    return [(b"authorization", f"{keyword} {key}".encode())]


def cookie_header(session_id: str) -> Headers:
    return [(b"cookie", f"sessionid={session_id}".encode())]


async def close_code(communicator: DjangoWebsocketCommunicator) -> int:
    """Read the next output event, which must be a close; return its code."""
    event = await communicator.receive_output(1)
    assert event["type"] == "websocket.close", event
    code: int = event.get("code", 1000)
    return code


def _forget_connections() -> None:
    for alias in list(connections):
        with contextlib.suppress(AttributeError):  # this thread never opened it
            del connections[alias]


@pytest.fixture
async def forget_worker_connections() -> AsyncIterator[None]:
    """Drop the DB connections this test opened in asgiref's worker thread.

    In-memory sqlite connections are never closed by Django, and Channels consumers check
    them on every event: left behind, they would trip pytest-django's database blocker in
    later tests that do not use the database.
    """
    yield
    await sync_to_async(_forget_connections)()


@pytest.fixture
def handled() -> list[tuple[str, str]]:
    """The handler-call log of the auth consumers, empty at the start of the test."""
    auth_consumers.HANDLED.clear()
    return auth_consumers.HANDLED


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    """Open a communicator on the project's websocket app; every one is disconnected after."""
    opened: list[DjangoWebsocketCommunicator] = []
    app = get_websocket_application()

    async def open_one(
        path: str, consumer: type[Any], headers: Headers | None = None
    ) -> DjangoWebsocketCommunicator:
        communicator = DjangoWebsocketCommunicator(app, path, headers=headers, consumer=consumer)
        opened.append(communicator)
        connected, _ = await communicator.connect()
        assert connected
        return communicator

    yield open_one
    for communicator in opened:
        await communicator.disconnect()
