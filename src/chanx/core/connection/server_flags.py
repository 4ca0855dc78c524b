"""The ASGI-server settings chanx needs in production: frame size, compression, shutdown.

chanx checks a frame's size (``max_message_size``, 1 MiB by default) after the server has
read and decompressed it. The server's own limit must therefore be the same: uvicorn's
default (16 MiB, with permessage-deflate on) lets ~1 MB of compressed zeros become 16 MiB
per frame in server memory before chanx can refuse it. With ``--ws-max-size`` equal to
chanx's limit the websockets library stops decompressing at that size; compression is
switched off too, since chanx's JSON frames are small and a decompressor is attack surface.
A graceful-shutdown timeout bounds how long SIGTERM waits for open connections.

``chanx server-flags`` prints these flags (see :mod:`chanx.cli.main`).
"""

from typing import Any

from chanx.core.config import Config

FRAME_LIMIT = Config.max_message_size
"""Bytes a server should accept in one WebSocket message: chanx's default frame limit."""

GRACEFUL_SHUTDOWN_SECONDS = 10
"""How long uvicorn waits for open connections after SIGTERM before cancelling them."""


def uvicorn_flags(max_size: int = FRAME_LIMIT) -> list[str]:
    """Command-line flags for ``uvicorn``."""
    return [
        "--ws-max-size",
        str(max_size),
        "--ws-per-message-deflate",
        "false",
        "--timeout-graceful-shutdown",
        str(GRACEFUL_SHUTDOWN_SECONDS),
    ]


def uvicorn_options(max_size: int = FRAME_LIMIT) -> dict[str, Any]:
    """The same settings as keyword arguments of ``uvicorn.run`` / ``uvicorn.Config``."""
    return {
        "ws_max_size": max_size,
        "ws_per_message_deflate": False,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
    }


def daphne_flags(max_size: int = FRAME_LIMIT) -> list[str]:
    """Command-line flags for ``daphne`` (which does not negotiate compression)."""
    return ["--websocket-max-message-size", str(max_size)]


def server_flags(server: str, max_size: int = FRAME_LIMIT) -> list[str]:
    """Flags for ``server`` (``"uvicorn"`` or ``"daphne"``)."""
    if server == "uvicorn":
        return uvicorn_flags(max_size)
    if server == "daphne":
        return daphne_flags(max_size)
    raise ValueError(f"unknown server {server!r} (uvicorn or daphne)")


__all__ = [
    "FRAME_LIMIT",
    "GRACEFUL_SHUTDOWN_SECONDS",
    "daphne_flags",
    "server_flags",
    "uvicorn_flags",
    "uvicorn_options",
]
