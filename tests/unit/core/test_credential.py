"""Credential.from_scope: the handshake's Authorization header, scheme and value."""

from chanx.core.authenticator import Credential


def test_reads_scheme_and_value() -> None:
    scope = {"headers": [(b"host", b"x"), (b"Authorization", b"Bearer abc.def ")]}
    assert Credential.from_scope(scope) == Credential("bearer", "abc.def")


def test_value_keeps_inner_spaces_and_latin1() -> None:
    scope = {"headers": [(b"authorization", "Token a b \xe9".encode("latin-1"))]}
    assert Credential.from_scope(scope) == Credential("token", "a b \xe9")


def test_missing_or_incomplete_header_is_none() -> None:
    assert Credential.from_scope({}) is None
    assert Credential.from_scope({"headers": [(b"authorization", b"Bearer")]}) is None
    assert Credential.from_scope({"headers": [(b"authorization", b"  ")]}) is None
