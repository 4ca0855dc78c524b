"""Origin checking at the WebSocket handshake (cross-site WebSocket hijacking).

Browsers send cookies with a cross-site WebSocket handshake, so a page on
``http://evil.example`` can open a socket to your server *as your logged-in user* unless the
server checks the ``Origin`` header, which browsers always set and pages cannot forge. A
consumer lists the origins it accepts in ``allowed_origins``:

* ``None`` (the library default): no check;
* exact origins, ``"https://app.example.com"`` (scheme, host and port if not the default;
  compared case-insensitively);
* :data:`SAME_HOST` (``"same-host"``): the ``Origin``'s host (and port) equals the ``Host``
  header of the handshake, i.e. the page was served by this server (or by the same name);
* ``"*"``: any origin.

Clients that send no ``Origin`` are not browsers (scripts, mobile apps, other servers) and
carry no browser's cookies; they are accepted while ``allow_missing_origin`` is true (the
default) and refused otherwise. ``Origin: null`` (sandboxed frames, ``file:`` pages) is an
origin like any other: refused unless ``"null"`` is listed.

A refused handshake is closed before it is accepted: the server answers HTTP 403. A
malformed ``Origin`` (``http://x:abc``, an unclosed IPv6 bracket) matches nothing but ``"*"``:
it is refused like a foreign origin, with the same single log line.
"""

from collections.abc import Awaitable, Callable, Collection
from typing import Any
from urllib.parse import SplitResult, urlsplit

from chanx.utils.logging import logger

SAME_HOST = "same-host"
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1").strip()
    return None


class _Malformed(ValueError):
    """An origin whose port or host cannot be parsed."""


def _split(origin: str) -> tuple[SplitResult, int | None]:
    """The parts of ``origin`` and its port; :class:`_Malformed` if either cannot be read."""
    try:
        parts = urlsplit(origin.strip().lower())
        return parts, parts.port
    except ValueError as exc:  # a non-numeric or out-of-range port, a broken IPv6 host
        raise _Malformed(origin) from exc


def _normalise(origin: str) -> str:
    parts, port = _split(origin)
    if not parts.scheme or not parts.hostname:
        return origin.strip().lower()
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme):
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def _same_host(origin: str, host_header: str | None) -> bool:
    if not host_header:
        return False
    parts, port = _split(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host if port in (None, _DEFAULT_PORTS[parts.scheme]) else f"{host}:{port}"
    wanted = host_header.lower()
    return wanted in (netloc, f"{netloc}:{_DEFAULT_PORTS[parts.scheme]}")


def origin_allowed(
    scope: dict[str, Any],
    allowed_origins: Collection[str] | None,
    allow_missing_origin: bool = True,
) -> bool:
    """Whether the handshake in ``scope`` comes from an accepted origin (see module doc)."""
    if allowed_origins is None:
        return True
    origin = _header(scope, b"origin")
    if origin is None:
        return allow_missing_origin
    if "*" in allowed_origins:
        return True
    try:
        if SAME_HOST in allowed_origins and _same_host(origin, _header(scope, b"host")):
            return True
        normalised = _normalise(origin)
    except _Malformed:
        return False
    return any(_normalise(item) == normalised for item in allowed_origins if item != SAME_HOST)


async def refuse_foreign_origin(
    consumer: Any,
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[Any]],
    send: Callable[[Any], Awaitable[None]],
) -> bool:
    """Refuse the handshake (HTTP 403) if its origin is not allowed; ``True`` if refused."""
    if scope.get("type") != "websocket":
        return False
    allowed = getattr(consumer, "allowed_origins", None)
    allow_missing = bool(getattr(consumer, "allow_missing_origin", True))
    if origin_allowed(scope, allowed, allow_missing):
        return False
    message = await receive()
    if message.get("type") == "websocket.connect":
        await send({"type": "websocket.close", "code": 1008})
    await logger.awarning(
        "WebSocket handshake refused: origin not allowed",
        origin=(_header(scope, b"origin") or "")[:200],
        path=str(scope.get("path", ""))[:200],
    )
    return True


__all__ = ["SAME_HOST", "origin_allowed", "refuse_foreign_origin"]
