"""docs/auth.md's refusal table holds for both orders of DRF authentication classes."""

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from django.utils import timezone
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated

from chanx.ext.channels.authenticator import DjangoAuthenticator
from chanx.ext.channels.testing import DjangoWebsocketCommunicator
from tests.django_project.auth_consumers import _IdentityConsumer
from tests.django_project.auth_permissions import ExpiringTokenAuthentication
from tests.unit.channels.conftest import close_code, create_user, token_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("forget_worker_connections"),
]

DOC = Path(__file__).resolve().parents[3] / "docs" / "auth.md"


# Every authenticator built by these consumers, newest last.
BUILT: list[DjangoAuthenticator] = []


class Recorded(DjangoAuthenticator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        BUILT.append(self)


class TokenFirstAuthenticator(Recorded):
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


class SessionFirstAuthenticator(Recorded):
    authentication_classes = [SessionAuthentication, ExpiringTokenAuthentication]
    permission_classes = [IsAuthenticated]


class TokenFirstConsumer(_IdentityConsumer):
    authenticator_class = TokenFirstAuthenticator


class SessionFirstConsumer(_IdentityConsumer):
    authenticator_class = SessionFirstAuthenticator


async def _inactive() -> bytes:
    user = await create_user("inactive")
    key = await token_for(user)
    user.is_active = False
    await sync_to_async(user.save)()
    return f"Token {key}".encode()


async def _expired() -> bytes:
    key = await token_for(await create_user("expired"))
    await sync_to_async(
        lambda: Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=1))
    )()
    return f"Token {key}".encode()


async def _constant(value: bytes | None) -> bytes | None:
    return value


SITUATIONS: dict[str, Callable[[], Awaitable[bytes | None]]] = {
    "no credentials": lambda: _constant(None),
    "malformed token header": lambda: _constant(b"Token"),
    "unknown (forged) token": lambda: _constant(b"Token " + b"f" * 40),
    "inactive user": _inactive,
    "your `AuthenticationFailed": _expired,
}


def documented_codes() -> dict[str, tuple[int, int]]:
    """Row label prefix -> (token-first code, session-first code) from the page's table."""
    codes: dict[str, tuple[int, int]] = {}
    for line in DOC.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 4 or not re.fullmatch(r"\d{3}", cells[1]):
            continue
        for label in SITUATIONS:
            if cells[0].startswith(label):
                codes[label] = (int(cells[1]), int(cells[2]))
    return codes


def test_the_table_has_a_row_for_every_checked_situation() -> None:
    assert set(documented_codes()) == set(SITUATIONS)


@pytest.mark.parametrize("label", list(SITUATIONS))
@pytest.mark.parametrize("session_first", [False, True], ids=["token-first", "session-first"])
async def test_refusal_code_is_the_documented_one(label: str, session_first: bool) -> None:
    consumer: Any = SessionFirstConsumer if session_first else TokenFirstConsumer
    authorization = await SITUATIONS[label]()
    headers = [(b"authorization", authorization)] if authorization is not None else []
    communicator = DjangoWebsocketCommunicator(
        AuthMiddlewareStack(consumer.as_asgi()), "/ws/", headers=headers, consumer=consumer
    )
    connected, _ = await communicator.connect()
    assert connected
    frame = await communicator.receive_json_from()
    expected = documented_codes()[label][1 if session_first else 0]
    assert frame["action"] == "authentication"
    assert frame["payload"]["status_code"] == expected
    assert await close_code(communicator) == 1000
    # The authenticator keeps the status; close_code maps it to an application close code.
    assert BUILT[-1].status_code == expected
    assert BUILT[-1].close_code == 4000 + expected
    await communicator.disconnect()
