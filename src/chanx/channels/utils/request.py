"""Build a Django ``HttpRequest`` from a WebSocket scope (for DRF authentication)."""

from collections import defaultdict
from typing import Any

from django.http import HttpRequest


def request_from_scope(scope: dict[str, Any], method: str) -> HttpRequest:
    """A bare ``HttpRequest`` with the scope's path, headers (as ``META``), cookies and user.

    ``META`` is built as Django's ASGI handler builds it: every header name becomes
    ``HTTP_<NAME>`` (upper-cased, ``-`` → ``_``, a name already starting with ``Http-`` is
    prefixed again, so it never stands for another header), ``Content-Length`` and
    ``Content-Type`` become ``CONTENT_LENGTH``/``CONTENT_TYPE``, a name containing ``_`` is
    dropped (``X_Forwarded_For`` would otherwise alias ``X-Forwarded-For``), and repeated
    headers are joined with ``,``. The query string is not copied. Values are read as UTF-8,
    except ``Authorization``, which keeps its bytes as latin-1 text as in Django's HTTP
    handling: DRF encodes it back to bytes as latin-1, and a UTF-8 value beyond latin-1
    would make that raise instead of refusing the credentials with 401.
    """
    request = HttpRequest()
    request.method = method
    request.path = scope.get("path", "")
    request.COOKIES = scope.get("cookies", {})
    user = scope.get("user")
    if user is None:
        # Imported here: the auth models need django.contrib.auth installed, and only
        # authentication builds requests.
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    request.user = user
    client = scope.get("client")
    if client:
        # Lets DRF throttles tell anonymous clients apart.
        request.META["REMOTE_ADDR"] = client[0]
    request.META.update(headers_to_meta(scope.get("headers", [])))
    return request


def headers_to_meta(headers: Any) -> dict[str, str]:
    """ASGI header pairs as ``META`` entries (see :func:`request_from_scope`)."""
    values: defaultdict[str, list[str]] = defaultdict(list)
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        if "_" in name:
            continue  # ambiguous between "_" and "-": could impersonate another header
        if b"\x00" in raw_value:
            continue  # never a valid header value (and a database refuses it in a lookup)
        if name == "content-length":
            key = "CONTENT_LENGTH"
        elif name == "content-type":
            key = "CONTENT_TYPE"
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
        if key == "HTTP_AUTHORIZATION":
            values[key].append(raw_value.decode("latin-1"))
        else:
            values[key].append(_decode(raw_value))
    return {key: ",".join(parts) for key, parts in values.items()}


def _decode(raw: bytes) -> str:
    # UTF-8; bytes that are not UTF-8 (a client may send anything) are read as latin-1 like
    # Django's own ASGI handler instead of failing the whole handshake.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
