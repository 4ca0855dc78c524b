"""DjangoAuthenticator end to end: real users, DRF session and token auth, sqlite.

Every connection goes through the project's ASGI websocket app (AuthMiddlewareStack +
URLRouter), so session cookies are resolved exactly as in production.
"""

from datetime import timedelta

import pytest
import structlog
from asgiref.sync import sync_to_async
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from chanx.channels.testing import DjangoWebsocketCommunicator
from tests.django_project.auth_consumers import (
    ApiTokenConsumer,
    Identity,
    IdentityPayload,
    LobbyConsumer,
    ProfileConsumer,
    WhoAmI,
)
from tests.unit.channels.conftest import (
    Connect,
    close_code,
    cookie_header,
    create_user,
    session_cookie_for,
    token_for,
    token_header,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("forget_worker_connections"),
]

OK_FRAME = {
    "action": "authentication",
    "payload": {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}},
}
NOT_PROVIDED = "Authentication credentials were not provided."


def refusal(status_code: int, status_text: str, detail: str) -> dict[str, object]:
    return {
        "action": "authentication",
        "payload": {
            "status_code": status_code,
            "status_text": status_text,
            "data": {"detail": detail},
        },
    }


async def whoami(communicator: DjangoWebsocketCommunicator) -> IdentityPayload:
    await communicator.send_message(WhoAmI())
    replies = await communicator.receive_all_messages(stop_action="identity")
    assert len(replies) == 1 and isinstance(replies[0], Identity), replies
    return replies[0].payload


async def assert_refused_and_deaf(
    communicator: DjangoWebsocketCommunicator,
    expected_frame: dict[str, object],
    handled: list[tuple[str, str]],
) -> None:
    """The refusal frame, then close code 1000; frames sent afterwards reach no handler."""
    assert await communicator.receive_json_from() == expected_frame
    assert await close_code(communicator) == 1000
    await communicator.send_message(WhoAmI())
    await communicator.send_to(text_data='{"action": "whoami"}')
    assert await communicator.receive_nothing()
    assert handled == []


# -- authenticated users ------------------------------------------------------------------------
async def test_token_user_is_visible_in_the_handler(connect: Connect) -> None:
    user = await create_user("ann")
    comm = await connect("/ws/auth/profile/", ProfileConsumer, token_header(await token_for(user)))
    assert await comm.receive_json_from() == OK_FRAME
    me = await whoami(comm)
    # The DRF user is on the authenticator and, for later code, on the scope.
    assert (me.username, me.scope_username) == ("ann", "ann")


async def test_session_user_is_visible_in_the_handler(connect: Connect) -> None:
    user = await create_user("bob")
    comm = await connect(
        "/ws/auth/profile/", ProfileConsumer, cookie_header(await session_cookie_for(user))
    )
    auth = await comm.wait_for_auth()
    assert auth is not None and auth.payload.status_code == 200
    me = await whoami(comm)
    assert (me.username, me.scope_username) == ("bob", "bob")


async def test_expiring_token_user_connects_to_token_only_consumer(connect: Connect) -> None:
    user = await create_user("cy")
    comm = await connect("/ws/auth/api/", ApiTokenConsumer, token_header(await token_for(user)))
    await comm.assert_authenticated_status_ok()
    assert (await whoami(comm)).username == "cy"


# -- anonymous access, per consumer configuration ------------------------------------------------
async def test_anonymous_is_refused_when_authentication_is_required(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    comm = await connect("/ws/auth/profile/", ProfileConsumer)
    # SessionAuthentication comes first and declares no authenticate header: DRF answers 403.
    await assert_refused_and_deaf(comm, refusal(403, "Forbidden", NOT_PROVIDED), handled)


async def test_anonymous_is_allowed_when_the_consumer_allows_it(connect: Connect) -> None:
    comm = await connect("/ws/auth/lobby/", LobbyConsumer)
    assert await comm.receive_json_from() == OK_FRAME
    me = await whoami(comm)
    assert (me.username, me.scope_username) == (None, None)


async def test_open_consumer_still_recognises_a_token_user(connect: Connect) -> None:
    user = await create_user("dee")
    comm = await connect("/ws/auth/lobby/", LobbyConsumer, token_header(await token_for(user)))
    await comm.assert_authenticated_status_ok()
    assert (await whoami(comm)).username == "dee"


# -- bad credentials -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        (None, NOT_PROVIDED),
        (b"Token", "Invalid token header. No credentials provided."),
        (b"Token abc def", "Invalid token header. Token string should not contain spaces."),
        (
            b"Token \xff\xfe",
            "Invalid token header. Token string should not contain invalid characters.",
        ),
        (b"Token " + b"f" * 40, "Invalid token."),
        (b"Bearer abc", NOT_PROVIDED),
        # UTF-8 beyond latin-1: DRF reads the header as latin-1 bytes, as for HTTP.
        ("Token ключ".encode(), "Invalid token."),
        ("Жетон abc".encode(), NOT_PROVIDED),
    ],
    ids=[
        "missing",
        "empty",
        "spaces",
        "not-utf8",
        "forged",
        "other-scheme",
        "utf8-token",
        "utf8-scheme",
    ],
)
async def test_bad_token_is_refused_with_401(
    connect: Connect, handled: list[tuple[str, str]], authorization: bytes | None, detail: str
) -> None:
    headers = [(b"authorization", authorization)] if authorization is not None else []
    comm = await connect("/ws/auth/api/", ApiTokenConsumer, headers)
    await assert_refused_and_deaf(comm, refusal(401, "Unauthorized", detail), handled)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(
        st.binary(max_size=48),
        st.binary(max_size=48).map(lambda raw: b"Token " + raw),
        st.text(max_size=24).map(lambda text: f"Token {text}".encode()),
    )
)
async def test_any_authorization_header_bytes_get_a_401_frame(
    connect: Connect, value: bytes
) -> None:
    comm = await connect("/ws/auth/api/", ApiTokenConsumer, [(b"authorization", value)])
    frame = await comm.receive_json_from()
    assert frame["action"] == "authentication"
    assert frame["payload"]["status_code"] == 401
    assert await close_code(comm) == 1000


async def test_expired_token_is_refused(connect: Connect, handled: list[tuple[str, str]]) -> None:
    key = await token_for(await create_user("old"))
    await sync_to_async(
        lambda: Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=1))
    )()
    comm = await connect("/ws/auth/api/", ApiTokenConsumer, token_header(key))
    await assert_refused_and_deaf(comm, refusal(401, "Unauthorized", "Token has expired."), handled)


async def test_inactive_user_token_is_refused(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    user = await create_user("gone")
    key = await token_for(user)
    user.is_active = False
    await sync_to_async(user.save)()
    comm = await connect("/ws/auth/api/", ApiTokenConsumer, token_header(key))
    await assert_refused_and_deaf(
        comm, refusal(401, "Unauthorized", "User inactive or deleted."), handled
    )


async def test_forged_session_cookie_is_anonymous_and_refused(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    comm = await connect("/ws/auth/profile/", ProfileConsumer, cookie_header("forged-session-id"))
    await assert_refused_and_deaf(comm, refusal(403, "Forbidden", NOT_PROVIDED), handled)


async def test_refusal_is_logged_without_the_credentials(connect: Connect) -> None:
    secret = "s3cr3t" * 5
    with structlog.testing.capture_logs() as logs:
        comm = await connect("/ws/auth/api/", ApiTokenConsumer, token_header(secret))
        assert (await comm.receive_json_from())["payload"]["status_code"] == 401
        await close_code(comm)
    refused = [entry for entry in logs if entry["event"] == "Authentication refused"]
    assert refused and refused[0]["status_code"] == 401
    assert refused[0]["detail"] == "Invalid token."
    assert secret not in repr(logs)
