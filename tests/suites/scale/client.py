"""A small real WebSocket client for the scale tests (``websockets`` over loopback)."""

import asyncio
import json
import socket
import struct
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from websockets.asyncio.client import ClientConnection, connect

RECV_TIMEOUT = 10.0


async def open_client(url: str, *, small_buffer: bool = False, **kwargs: Any) -> ClientConnection:
    """Connect to ``url`` (bounded by a timeout).

    ``small_buffer`` pins the client's kernel receive buffer at 64 KiB (no autotuning), so a
    client that stops reading pushes back on the server quickly instead of after megabytes.
    """
    if small_buffer:
        parsed = urlparse(url)
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (parsed.hostname, parsed.port))
        kwargs["sock"] = sock
    # No permessage-deflate: padding would compress to nothing and hide real byte volumes.
    kwargs.setdefault("compression", None)
    return await asyncio.wait_for(connect(url, open_timeout=10, **kwargs), 15)


async def send(ws: ClientConnection, action: str, payload: Any = None) -> None:
    """Send one chanx frame."""
    await ws.send(json.dumps({"action": action, "payload": payload}))


async def recv_json(ws: ClientConnection, timeout: float = RECV_TIMEOUT) -> Any:
    """The next frame, decoded."""
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_until(
    ws: ClientConnection, done: Callable[[list[Any]], bool], timeout: float = RECV_TIMEOUT
) -> list[Any]:
    """Collect frames until ``done(frames)`` is true; ``TimeoutError`` after ``timeout``."""
    frames: list[Any] = []

    async def collect() -> None:
        while not done(frames):
            frames.append(json.loads(await ws.recv()))

    await asyncio.wait_for(collect(), timeout)
    return frames


async def roundtrip(ws: ClientConnection, action: str, payload: Any = None) -> Any:
    """Send a frame and return the next reply."""
    await send(ws, action, payload)
    return await recv_json(ws)


async def expect_silence(ws: ClientConnection, wait: float = 0.3) -> list[Any]:
    """Frames that arrive within ``wait`` seconds (normally none)."""
    frames: list[Any] = []
    try:
        while True:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), wait)))
    except TimeoutError:
        return frames


async def expect_silence_all(clients: list[ClientConnection], wait: float = 0.3) -> list[list[Any]]:
    """``expect_silence`` on every client at once (one shared window instead of one per client)."""
    return list(await asyncio.gather(*(expect_silence(ws, wait) for ws in clients)))


def abort_with_reset(ws: ClientConnection) -> None:
    """Drop the TCP connection abruptly: RST, no close frame."""
    sock = ws.transport.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    ws.transport.abort()


async def eventually(
    check: Callable[[], Any], timeout: float = 15.0, interval: float = 0.05
) -> None:
    """Poll ``check()`` until it is truthy; ``TimeoutError`` after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise TimeoutError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


def payloads(frames: list[Any], action: str) -> list[Any]:
    """Payloads of the frames with ``action``."""
    return [f["payload"] for f in frames if f.get("action") == action]
