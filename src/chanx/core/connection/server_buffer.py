"""Watching the server's write buffer when its ``send`` never waits (daphne).

uvicorn's ASGI ``send`` waits while the socket's write buffer is above its high-water mark,
which is all the backpressure :class:`chanx.core.connection.transport.Transport` needs. daphne hands
every frame to twisted at once, so a client that stops reading grows twisted's buffer
without bound. For daphne, :func:`watch_writes` registers a streaming producer on the
connection's twisted transport: twisted pauses it when its buffer passes its limit (64 KiB)
and resumes it once the buffer has drained, which sets and clears the returned event; it
stops it when the connection is lost, which calls ``on_lost``.

Closing goes through :meth:`ServerWriteWatch.wrap` too: daphne drops the close reason, and
autobahn refuses close codes other than 1000 and 3000-4999 (1011, 1012, 1013 ...), after
which daphne reported the refusal as an application error and closed with 1011. The
wrapped ``send`` sends the close frame of an open connection itself, code and reason as given.

A connection closed for being too slow must still deliver what is buffered ahead of its
close frame; :meth:`ServerWriteWatch.slow_close` gives the client
:data:`SLOW_CLOSE_TIMEOUT` seconds (instead of autobahn's one second) to answer the close
before daphne drops the connection.
"""

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, Final

MAX_REASON_BYTES: Final[int] = 123
"""Longest close reason a close frame carries (UTF-8 bytes)."""

SLOW_CLOSE_TIMEOUT: Final[float] = 30.0
"""Seconds daphne waits for a slow client to answer the close frame that follows its data."""


class ServerWriteWatch:
    """A twisted push producer that mirrors the transport's pauses into an asyncio event.

    A producer the transport already had keeps receiving every call.
    """

    def __init__(self, protocol: Any, inner: Any, on_lost: Callable[[], None]) -> None:
        self.protocol = protocol
        self.inner = inner
        self.on_lost = on_lost
        self.writable = asyncio.Event()
        self.writable.set()

    def pauseProducing(self) -> None:
        self.writable.clear()
        if self.inner is not None:
            self.inner.pauseProducing()

    def resumeProducing(self) -> None:
        self.writable.set()
        if self.inner is not None:
            self.inner.resumeProducing()

    def stopProducing(self) -> None:
        self.on_lost()
        self.writable.set()  # wakes a writer waiting for room: it sees the connection gone
        if self.inner is not None:
            self.inner.stopProducing()

    def wrap(self, send: Callable[[Any], Awaitable[None]]) -> Callable[[Any], Awaitable[None]]:
        """``send``, except that closing an open connection sends its close frame directly."""
        protocol = self.protocol

        async def wrapped(message: Any) -> None:
            if message.get("type") == "websocket.close" and protocol.state == protocol.STATE_OPEN:
                reason = str(message.get("reason") or "").encode()[:MAX_REASON_BYTES]
                reason = reason.decode(errors="ignore").encode()  # no character cut in two
                protocol.sendCloseFrame(
                    code=int(message.get("code") or 1000), reasonUtf8=reason or None
                )
                return
            await send(message)

        return wrapped

    def slow_close(self) -> None:
        """Let the client read what is buffered before it must answer the close."""
        current = getattr(self.protocol, "closeHandshakeTimeout", None)
        if isinstance(current, int | float) and current < SLOW_CLOSE_TIMEOUT:
            self.protocol.closeHandshakeTimeout = SLOW_CLOSE_TIMEOUT


def _daphne_protocol(send: Any) -> Any:
    """The protocol behind daphne's ``send`` (``partial(server.handle_reply, protocol)``)."""
    if not isinstance(send, functools.partial) or not send.args:
        return None
    owner = getattr(send.func, "__self__", None)
    if type(owner).__module__.split(".")[0] != "daphne":
        return None
    return send.args[0]


def watch_writes(send: Any, on_lost: Callable[[], None]) -> ServerWriteWatch | None:
    """A watch of the server's write buffer; ``None`` if ``send`` waits for room itself."""
    protocol = _daphne_protocol(send)
    transport = getattr(protocol, "transport", None)
    if transport is None or not hasattr(transport, "registerProducer"):
        return None
    inner = getattr(transport, "producer", None)
    watch = ServerWriteWatch(protocol, inner, on_lost)
    if inner is None:
        transport.registerProducer(watch, True)
    elif getattr(transport, "streamingProducer", False):
        transport.producer = watch  # wraps the registered producer, which still gets every call
    else:
        return None
    return watch


__all__ = ["MAX_REASON_BYTES", "SLOW_CLOSE_TIMEOUT", "ServerWriteWatch", "watch_writes"]
