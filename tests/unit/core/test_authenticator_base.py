"""The neutral authenticator module: Credential, the Authorization header, close_code."""

from typing import Any

import pytest

from chanx.constants import CLOSE_UNAUTHENTICATED
from chanx.core import authenticator as module
from chanx.core.authenticator import AuthorizationHeader, BaseAuthenticator, Credential


class Allow(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        return True


async def ignore(message: Any) -> None:
    return None


def test_reads_scheme_and_value() -> None:
    scope = {"headers": [(b"host", b"x"), (b"Authorization", b"Bearer abc.def ")]}
    assert AuthorizationHeader.from_scope(scope) == AuthorizationHeader("bearer", "abc.def")


def test_value_keeps_inner_spaces_and_latin1() -> None:
    scope = {"headers": [(b"authorization", "Token a b \xe9".encode("latin-1"))]}
    assert AuthorizationHeader.from_scope(scope) == AuthorizationHeader("token", "a b \xe9")


def test_missing_or_incomplete_header_is_none() -> None:
    assert AuthorizationHeader.from_scope({}) is None
    assert AuthorizationHeader.from_scope({"headers": [(b"authorization", b"Bearer")]}) is None
    assert AuthorizationHeader.from_scope({"headers": [(b"authorization", b"  ")]}) is None


def test_credential_is_name_location_and_optional_description() -> None:
    token = Credential("token", "query")
    assert (token.name, token.location, token.description) == ("token", "query", None)
    header = Credential(name="Authorization", location="header", description="Bearer JWT")
    assert header.description == "Bearer JWT"
    assert BaseAuthenticator.credentials == []


def test_module_exposes_the_close_constant_and_abc() -> None:
    assert module.CLOSE_UNAUTHENTICATED == CLOSE_UNAUTHENTICATED == 4401
    assert issubclass(BaseAuthenticator, module.ABC)


@pytest.mark.parametrize(
    ("status", "code"),
    [(None, 4401), (200, 4401), (301, 4401), (401, 4401), (403, 4403), (404, 4404), (503, 4503)],
)
def test_close_code_maps_error_statuses(status: int | None, code: int) -> None:
    auth = Allow(ignore)
    auth.status_code = status
    assert auth.close_code == code
