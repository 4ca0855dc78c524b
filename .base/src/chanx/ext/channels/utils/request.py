"""Build a Django ``HttpRequest`` from a WebSocket scope (for DRF authentication)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def request_from_scope(scope: dict[str, Any], method: str) -> HttpRequest:
    """A bare ``HttpRequest`` with the scope's path, headers (as ``META``), cookies and user.

    Header names become ``HTTP_<NAME>`` keys (upper-cased, ``-`` → ``_``); a repeated header
    keeps its last value. The query string is not copied. Values are read as UTF-8, except
    ``Authorization``, which keeps its bytes as latin-1 text as in Django's HTTP handling:
    DRF encodes it back to bytes as latin-1, and a UTF-8 value beyond latin-1 would make
    that raise instead of refusing the credentials with 401.
    """
    request = HttpRequest()
    request.method = method
    request.path = scope.get("path", "")
    request.COOKIES = scope.get("cookies", {})
    request.user = scope.get("user", AnonymousUser())
    client = scope.get("client")
    if client:
        # Beyond the reference: lets DRF throttles tell anonymous clients apart.
        request.META["REMOTE_ADDR"] = client[0]
    for raw_name, raw_value in scope.get("headers", []):
        name = _decode(raw_name).upper().replace("-", "_")
        if not name.startswith("HTTP_"):
            name = f"HTTP_{name}"
        if name == "HTTP_AUTHORIZATION":
            request.META[name] = raw_value.decode("latin-1")
        else:
            request.META[name] = _decode(raw_value)
    return request


def _decode(raw: bytes) -> str:
    # UTF-8 as the reference; bytes that are not UTF-8 (a client may send anything) are read
    # as latin-1 like Django's own ASGI handler instead of failing the whole handshake.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
