"""request_from_scope builds META like Django's ASGI handler: no header aliasing, joined repeats."""

import pytest

from chanx.ext.channels.testing import DjangoWebsocketCommunicator
from chanx.ext.channels.utils.request import request_from_scope
from tests.django_project.auth_consumers import ApiTokenConsumer
from tests.unit.channels.conftest import Connect, close_code, create_user, token_for


def meta(headers: list[tuple[bytes, bytes]]) -> dict[str, object]:
    return dict(request_from_scope({"headers": headers, "path": "/"}, "GET").META)


def test_a_header_named_http_something_does_not_stand_for_something() -> None:
    built = meta([(b"http-authorization", b"Token abc"), (b"http-x-forwarded-for", b"1.2.3.4")])
    assert "HTTP_AUTHORIZATION" not in built
    assert "HTTP_X_FORWARDED_FOR" not in built
    assert built["HTTP_HTTP_AUTHORIZATION"] == "Token abc"
    assert built["HTTP_HTTP_X_FORWARDED_FOR"] == "1.2.3.4"


def test_header_names_with_underscores_are_dropped() -> None:
    built = meta([(b"x_forwarded_for", b"6.6.6.6"), (b"x-real", b"1")])
    assert "HTTP_X_FORWARDED_FOR" not in built
    assert built["HTTP_X_REAL"] == "1"


def test_repeated_headers_are_joined_with_commas() -> None:
    built = meta(
        [(b"x-forwarded-for", b"1.1.1.1"), (b"accept", b"a"), (b"x-forwarded-for", b"2.2.2.2")]
    )
    assert built["HTTP_X_FORWARDED_FOR"] == "1.1.1.1,2.2.2.2"
    assert built["HTTP_ACCEPT"] == "a"


def test_content_headers_have_their_cgi_names() -> None:
    built = meta([(b"content-type", b"text/plain"), (b"content-length", b"3")])
    assert (built["CONTENT_TYPE"], built["CONTENT_LENGTH"]) == ("text/plain", "3")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", [b"http-authorization", b"http_authorization"])
async def test_an_aliased_authorization_header_does_not_authenticate(
    connect: Connect, name: bytes
) -> None:
    user = await create_user("alias")
    key = await token_for(user)
    comm: DjangoWebsocketCommunicator = await connect(
        "/ws/auth/api/", ApiTokenConsumer, [(name, f"Token {key}".encode())]
    )
    frame = await comm.receive_json_from()
    assert frame["payload"]["status_code"] == 401
    assert await close_code(comm) == 1000
