"""Watching the server's write buffer when its ``send`` never waits (daphne).

uvicorn's ASGI ``send`` waits while the socket's write buffer is above its high-water mark,
which is all the backpressure :class:`chanx.core.transport.Transport` needs. daphne hands
every frame to twisted at once, so a client that stops reading grows twisted's buffer
without bound. For daphne, :func:`watch_writes` registers a streaming producer on the
connection's twisted transport: twisted pauses it when its buffer passes its limit (64 KiB)
and resumes it once the buffer has drained, which sets and clears the returned event; it
stops it when the connection is lost, which calls ``on_lost``.
"""

import asyncio
import functools
from collections.abc import Callable
from typing import Any


class _BufferWatch:
    """A twisted push producer that mirrors the transport's pauses into an asyncio event.

    A producer the transport already had keeps receiving every call.
    """

    def __init__(self, inner: Any, on_lost: Callable[[], None]) -> None:
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


def _twisted_transport(send: Any) -> Any:
    """The twisted transport behind daphne's ``send`` (``partial(server.handle_reply, protocol)``)."""
    if not isinstance(send, functools.partial) or not send.args:
        return None
    owner = getattr(send.func, "__self__", None)
    if type(owner).__module__.split(".")[0] != "daphne":
        return None
    transport = getattr(send.args[0], "transport", None)
    if transport is None or not hasattr(transport, "registerProducer"):
        return None
    return transport


def watch_writes(send: Any, on_lost: Callable[[], None]) -> asyncio.Event | None:
    """An event set while the server's write buffer has room; ``None`` if ``send`` waits itself."""
    transport = _twisted_transport(send)
    if transport is None:
        return None
    inner = getattr(transport, "producer", None)
    watch = _BufferWatch(inner, on_lost)
    if inner is None:
        transport.registerProducer(watch, True)
    elif getattr(transport, "streamingProducer", False):
        transport.producer = watch  # wraps the registered producer, which still gets every call
    else:
        return None
    return watch.writable


__all__ = ["watch_writes"]
