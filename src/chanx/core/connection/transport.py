"""One connection's way out: every frame chanx sends passes through a :class:`Transport`.

It sits between the consumer and the ASGI server's ``send`` and does three things.

**Order without waiting.** A send the server takes at once (its write buffer has room) is
handed over directly, with no task. When the server makes a send wait (uvicorn waits while
the socket's write buffer is above its high-water mark; daphne never waits, so chanx watches
twisted's write buffer itself, :mod:`chanx.core.connection.server_buffer`), that send goes on in a
writer task and later frames queue behind it, in order, while the consumer keeps serving
its other clients' traffic.

**A bounded outbound budget.** What queues behind a waiting send is bounded by
``max_outbound_frames`` frames and ``max_outbound_bytes`` (characters of text frames, bytes
of binary ones). Past either bound the queue is dropped and the connection is closed with
:data:`CLOSE_SLOW_CLIENT` and :data:`SLOW_CLIENT_REASON`; one warning is logged and
:data:`stats` counts it. A client that reads again receives what was already written,
then the close frame. Frames for a connection that is closing are dropped and counted.

**Quiet once the client is gone.** A send the server refuses because the client went away
(uvicorn's ``ClientDisconnected``, any ``OSError``, a send after the server ended the
connection) marks the connection gone: that frame and every later one are dropped and
counted, and :meth:`Transport.finish` logs one line for the connection when it ends.
"""

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final

from chanx.core.connection.eager import start_eagerly
from chanx.utils.logging import logger

CLOSE_SLOW_CLIENT: Final[int] = 4008
"""Close code of a connection whose client did not read its frames fast enough."""

SLOW_CLIENT_REASON: Final[str] = "slow client: outbound budget exceeded"
"""Close reason sent with :data:`CLOSE_SLOW_CLIENT`."""

DEFAULT_MAX_OUTBOUND_FRAMES: Final[int] = 1_000
"""Frames that may wait behind a send the server made wait (``max_outbound_frames``)."""

DEFAULT_MAX_OUTBOUND_BYTES: Final[int] = 4 * 1_048_576
"""Characters/bytes that may wait behind a send the server made wait (``max_outbound_bytes``)."""

Send = Callable[[Any], Awaitable[None]]


@dataclass
class TransportStats:
    """Process-wide counters of every :class:`Transport` (read them for metrics)."""

    frames_dropped: int = 0
    """Outbound frames dropped: the client was gone, or its connection was closing."""
    inbound_dropped: int = 0
    """Client frames not handled because the connection was gone or closing."""
    gone_connections: int = 0
    """Connections whose client went away while chanx was still sending."""
    slow_closes: int = 0
    """Connections closed with :data:`CLOSE_SLOW_CLIENT`."""


stats = TransportStats()


class Transport:
    """The outbound side of one connection (see the module doc)."""

    __slots__ = (
        "_backlog",
        "_queued_chars",
        "_writer",
        "closing",
        "dropped",
        "error",
        "gone",
        "inbound_dropped",
        "max_bytes",
        "max_frames",
        "name",
        "on_slow_close",
        "server_send",
        "slow",
        "writable",
    )

    def __init__(
        self,
        send: Send,
        *,
        max_frames: int = DEFAULT_MAX_OUTBOUND_FRAMES,
        max_bytes: int = DEFAULT_MAX_OUTBOUND_BYTES,
        writable: asyncio.Event | None = None,
        on_slow_close: Callable[[], None] | None = None,
        name: str = "",
    ) -> None:
        self.server_send = send  # the ASGI server's send (replaceable, see server_buffer)
        # Set while the server's write buffer has room, when its ``send`` never waits itself.
        self.writable = writable
        # Called when the budget is exceeded, before the close is queued (server-specific).
        self.on_slow_close = on_slow_close
        self._writer: asyncio.Task[None] | None = None
        # Made by the first send that has to wait (an empty deque holds ~0.6 KB, and most
        # connections never queue); never replaced afterwards, since ``_drain`` holds it.
        self._backlog: deque[Any] | None = None
        self._queued_chars = 0
        self.max_frames = max_frames
        self.max_bytes = max_bytes
        self.name = name
        self.gone = False  # the client went away: nothing reaches it any more
        self.closing = False  # a close was sent (or queued): later frames are dropped
        self.slow = False  # closed for exceeding the outbound budget
        self.dropped = 0
        self.inbound_dropped = 0
        self.error: BaseException | None = None

    @property
    def closed(self) -> bool:
        """Whether frames for this client are dropped (gone, or closing)."""
        return self.gone or self.closing

    async def send(self, message: Any) -> None:
        """Hand ``message`` to the server now, or queue it behind a send that is waiting."""
        if self.gone or (self.closing and message.get("type") == "websocket.send"):
            self._drop()
            return
        if message.get("type") == "websocket.close":
            self.closing = True
        if self._writer is None and not self._backlog and self._may_write():
            try:
                task = start_eagerly(self._write(message))
            except Exception as exc:  # refused at once: the server ended the connection
                self._lost(exc)
                return
            if task is not None:
                self._writer = task
                task.add_done_callback(self._writer_done)
            return
        self._queue(message)

    def _may_write(self) -> bool:
        writable = self.writable
        return writable is None or writable.is_set()

    def _queue(self, message: Any) -> None:
        backlog = self._backlog
        if backlog is None:
            backlog = self._backlog = deque()
        backlog.append(message)
        self._queued_chars += _size(message)
        if not self.closing and (
            len(backlog) > self.max_frames or self._queued_chars > self.max_bytes
        ):
            self._overflow(backlog)
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._drain())
            self._writer.add_done_callback(self._writer_done)

    async def _write(self, message: Any) -> None:
        """One send; if it had to wait, what queued meanwhile follows in the same task."""
        await self.server_send(message)
        if self._backlog:
            await self._drain()

    async def _drain(self) -> None:
        backlog = self._backlog
        while backlog and not self.gone:
            writable = self.writable
            if writable is not None and not writable.is_set():
                await writable.wait()
                continue  # the connection may have gone meanwhile
            message = backlog.popleft()
            self._queued_chars -= _size(message)
            await self.server_send(message)

    def _writer_done(self, task: asyncio.Task[None]) -> None:
        self._writer = None
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._lost(exc)
        elif self._backlog and not self.gone:  # queued between the last send and now
            self._writer = asyncio.get_running_loop().create_task(self._drain())
            self._writer.add_done_callback(self._writer_done)

    def _overflow(self, backlog: deque[Any]) -> None:
        frames, chars = len(backlog), self._queued_chars
        self.dropped += frames
        stats.frames_dropped += frames
        backlog.clear()
        self._queued_chars = 0
        self.closing = self.slow = True
        stats.slow_closes += 1
        logger.warning(
            "Client too slow: outbound budget exceeded; closing the connection",
            consumer=self.name,
            queued_frames=frames,
            queued_bytes=chars,
            max_outbound_frames=self.max_frames,
            max_outbound_bytes=self.max_bytes,
            code=CLOSE_SLOW_CLIENT,
        )
        if self.on_slow_close is not None:
            self.on_slow_close()
        backlog.append(
            {"type": "websocket.close", "code": CLOSE_SLOW_CLIENT, "reason": SLOW_CLIENT_REASON}
        )

    def _lost(self, exc: BaseException) -> None:
        """A send failed: the client is gone (or the server ended the connection)."""
        if not self.gone:
            self.gone = True
            self.error = exc
            stats.gone_connections += 1
        backlog = self._backlog
        self._drop(1 + len(backlog or ()))
        if backlog:
            backlog.clear()
        self._queued_chars = 0

    def _drop(self, count: int = 1) -> None:
        self.dropped += count
        stats.frames_dropped += count

    def client_left(self) -> None:
        """The server reported the disconnect: nothing sent from now on reaches the client."""
        self.gone = True

    def drop_inbound(self) -> None:
        """Count a client frame that is not handled (the connection is gone or closing)."""
        self.inbound_dropped += 1
        stats.inbound_dropped += 1

    async def finish(self) -> None:
        """The connection ended: stop the writer, and log one line if frames were dropped."""
        writer = self._writer
        if writer is not None and not writer.done():
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writer
        if self._backlog:
            self._backlog.clear()
        if self.slow or not (self.dropped or self.inbound_dropped):
            return  # a slow client's close already logged its line
        await logger.ainfo(
            "Client gone; frames dropped",
            consumer=self.name,
            frames_dropped=self.dropped,
            inbound_dropped=self.inbound_dropped,
            cause=repr(self.error)[:200] if self.error is not None else None,
        )


def _size(message: Any) -> int:
    text = message.get("text")
    if text is not None:
        return len(text)
    data = message.get("bytes")
    return len(data) if data is not None else 0


__all__ = [
    "CLOSE_SLOW_CLIENT",
    "DEFAULT_MAX_OUTBOUND_BYTES",
    "DEFAULT_MAX_OUTBOUND_FRAMES",
    "SLOW_CLIENT_REASON",
    "Transport",
    "TransportStats",
    "stats",
]
