"""Serve one connection's two message sources without a task or an ``asyncio.wait`` per message.

Both frameworks read the socket and the channel layer by creating a task for each pending
receive and waiting on both with ``asyncio.wait``, so every message costs a task, a waiter
and callbacks on both tasks. Here each source has one long-lived reader:

* the connection's own task reads the socket and dispatches each frame itself;
* one task per connection (the *layer reader*) reads the channel layer and dispatches each
  channel message; it starts once the first socket message (``websocket.connect``) has
  been dispatched, in a copy of the connection's context taken at that point.

One message is dispatched at a time (a turn both readers take while they dispatch), as in
the frameworks: frames in order, channel messages in order, each channel message between
two frames. Work a frame left running (a concurrent handler, see ``FrameRunner``) keeps the
head start the frameworks' hand-over gave it: while any is in flight, a channel message
waits ``HANDOVER_TURNS`` loop turns before its dispatch, so a frame that is finishing (the
one whose broadcast produced the message, say) sends its replies and ``complete`` first. Neither reader asks its source for the next message before its dispatch
returned, so a busy consumer stops reading and the pressure stays with the client and the
layer. A receive that returns without suspending costs no event-loop iteration; after
``FAIR_STREAK`` frames in a row served that way the socket reader yields once, so the layer
reader and the other connections get their turn, as a loop iteration per message gave
them before.

Every frame leaves through the connection's :class:`~chanx.core.connection.transport.Transport`
(ordered, bounded, quiet once the client is gone). Once the client is gone or the connection
is closing, frames the server still delivers are not dispatched: they are counted and
dropped, and the transport logs one line for the connection when it ends.

When either reader ends (disconnect, close, an exception, cancellation) the other is
cancelled and awaited: no task outlives the connection. An exception of the layer reader
(``StopConsumer`` included) ends the connection with that exception, as in the frameworks.
"""

import asyncio
import contextlib
import functools
from collections import deque
from collections.abc import Awaitable, Callable
from types import CoroutineType
from typing import Any

from chanx.core.connection.eager import Forward
from chanx.core.connection.layer_loops import forget_stale_receive_state
from chanx.core.connection.server_buffer import watch_writes
from chanx.core.connection.transport import Transport
from chanx.core.wire.frame_settings import setting

FAIR_STREAK = 4
"""Frames served back to back without the event loop running before the reader yields."""

HANDOVER_TURNS = 2
"""Loop turns a channel message waits, while frames are in flight, before its dispatch."""

RECANCEL_INTERVAL = 0.05
"""Seconds a cancelled layer reader gets before it is cancelled again (it lost one)."""

STOP_ATTEMPTS_WHEN_CANCELLED = 40
"""Re-cancellations of the layer reader once the connection's own task is being cancelled."""

Receive = Callable[[], Awaitable[Any]]
Dispatch = Callable[[Any], Awaitable[None]]


class _Turn:
    """Whose turn it is to dispatch: taken at no cost when free, handed over in FIFO order.

    ``asyncio.Lock`` does the same with two coroutines per acquire and release; taken on
    every frame, that was most of the loop's own cost.
    """

    __slots__ = ("held", "waiters")

    def __init__(self) -> None:
        self.held = False
        # Made on first contention: an empty deque holds a block of ~0.6 KB, and most
        # connections never queue for their turn.
        self.waiters: deque[asyncio.Future[None]] | None = None

    def take_now(self) -> bool:
        """Take the turn if it is free and nobody is queued for it."""
        if self.held or self.waiters:
            return False
        self.held = True
        return True

    async def take(self) -> None:
        """Queue for the turn; returns holding it."""
        if self.take_now():
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiters = self.waiters
        if waiters is None:
            waiters = self.waiters = deque()
        waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.give()  # handed over just as we were cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):  # ``give`` may have dropped it
                    waiters.remove(waiter)
            raise

    def give(self) -> None:
        """Hand the turn to the first one queued, or free it."""
        waiters = self.waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # ``held`` stays True: it is theirs now
                return
        self.held = False


class DispatchLoop:
    """The two readers of one connection; :meth:`run` serves it until a dispatch stops it."""

    __slots__ = (
        "_busy",
        "_channel_receive",
        "_dispatch",
        "_failure",
        "_layer_reader",
        "_owner",
        "_receive",
        "_stopping",
        "_turn",
        "held_messages",
    )

    def __init__(
        self,
        receive: Receive,
        channel_receive: Receive | None,
        dispatch: Dispatch,
        busy: Callable[[], bool] | None = None,
    ) -> None:
        self._receive = receive
        self._busy = busy
        self._channel_receive = channel_receive
        self._dispatch = dispatch
        self._turn: _Turn | None = None
        self._layer_reader: asyncio.Task[None] | None = None
        self._owner: asyncio.Task[Any] | None = None
        self._failure: BaseException | None = None
        self._stopping = False
        # Messages read from either source and not dispatched to the end yet.
        self.held_messages = 0

    async def run(self) -> None:
        """Dispatch every message of both sources until a dispatch raises (or cancellation)."""
        owner = self._owner = asyncio.current_task()
        try:
            await self._read_socket()
        except asyncio.CancelledError:
            failure = self._failure
            # The layer reader cancelled us to hand over its exception (and nobody else did).
            if failure is not None and owner is not None and owner.uncancel() == 0:
                raise failure from None
            raise
        finally:
            await self._stop_layer_reader()

    async def _read_socket(self) -> None:
        receive = self._receive
        dispatch = self._dispatch
        connect = await receive()  # websocket.connect: the layer is read after it
        self.held_messages += 1
        try:
            await dispatch(connect)
        finally:
            self.held_messages -= 1
        if self._channel_receive is not None:
            self._turn = _Turn()
            self._layer_reader = asyncio.get_running_loop().create_task(self._read_layer())
        turn = self._turn
        streak = 0
        while True:
            pending = receive()
            if type(pending) is CoroutineType:
                try:
                    yielded = pending.send(None)
                except StopIteration as done:
                    message = done.value
                    streak += 1
                else:
                    # Suspended (nothing to read yet): drive it here, as ``await`` would,
                    # without wrapping it in one more coroutine.
                    streak = 0
                    while True:
                        try:
                            sent = await Forward(yielded)
                        except BaseException as exc:  # cancellation goes to the receive
                            try:
                                yielded = pending.throw(exc)
                            except StopIteration as done:
                                message = done.value
                                break
                            continue
                        try:
                            yielded = pending.send(sent)
                        except StopIteration as done:
                            message = done.value
                            break
            else:
                message = await pending
                streak = 0
            self.held_messages += 1
            try:
                if turn is None:
                    await dispatch(message)
                else:
                    if not turn.take_now():
                        await turn.take()
                    try:
                        await dispatch(message)
                    finally:
                        turn.give()
            finally:
                self.held_messages -= 1
            if streak >= FAIR_STREAK:
                streak = 0
                await asyncio.sleep(0)

    async def _read_layer(self) -> None:
        channel_receive = self._channel_receive
        turn = self._turn
        assert channel_receive is not None and turn is not None
        dispatch = self._dispatch
        busy = self._busy
        while True:
            try:
                message = await channel_receive()
            except asyncio.CancelledError:
                raise
            except BaseException as exc:
                await turn.take()  # a frame being dispatched finishes first, as before
                self._fail(exc)
                return
            self.held_messages += 1
            try:
                if busy is not None and busy():
                    for _ in range(HANDOVER_TURNS):
                        await asyncio.sleep(0)
                await turn.take()
                try:
                    await dispatch(message)
                except asyncio.CancelledError:
                    turn.give()
                    raise
                except BaseException as exc:  # StopConsumer included: it ends the connection
                    self._fail(exc)  # keeping the turn: no frame is dispatched after it
                    return
                turn.give()
            finally:
                self.held_messages -= 1

    def _fail(self, exc: BaseException) -> None:
        """End the connection with ``exc``: the socket reader raises it."""
        self._failure = exc
        if not self._stopping and self._owner is not None:
            self._owner.cancel()

    async def _stop_layer_reader(self) -> None:
        self._stopping = True
        reader = self._layer_reader
        if reader is None or reader.done():
            return
        # ``wait`` rather than ``await reader``: the reader's cancellation stays its own,
        # while a cancellation of this task still propagates. A layer client can lose a
        # cancellation (a read timing out at the same moment turns it into a timeout), so
        # the reader is cancelled again until it has ended.
        # A cancellation of this task (a server or a test's event loop shutting down) does not
        # stop the re-cancelling: a reader left running would keep the layer's shared receive
        # state for a loop about to end. It is raised once the reader has ended (or after
        # ``STOP_ATTEMPTS_WHEN_CANCELLED`` more tries).
        interrupted: asyncio.CancelledError | None = None
        tries_left = STOP_ATTEMPTS_WHEN_CANCELLED
        while not reader.done():
            reader.cancel()
            try:
                await asyncio.wait((reader,), timeout=RECANCEL_INTERVAL)
            except asyncio.CancelledError as exc:
                interrupted = exc
            if interrupted is not None:
                tries_left -= 1
                if tries_left <= 0:
                    break
        if interrupted is not None:
            raise interrupted


async def serve_consumer(
    consumer: Any,
    scope: Any,
    receive: Receive,
    send: Callable[[Any], Awaitable[None]],
    *,
    dispatch: Dispatch | None = None,
    stop: tuple[type[BaseException], ...],
    busy: Callable[[], bool] | None = None,
) -> None:
    """A framework consumer's ASGI entry point, served by :class:`DispatchLoop`.

    Does what the frameworks' ``AsyncConsumer.__call__`` does (scope, channel layer and a
    new channel, ``base_send``; a ``stop`` exception ends the connection cleanly), with the
    consumer's ``channel_receive`` read by the layer reader. ``busy`` tells whether work
    the consumer started for earlier frames is still running. ``dispatch`` replaces the
    consumer's ``dispatch`` as the callable each message is handed to.
    """
    consumer.scope = scope
    layer = type(consumer).get_channel_layer(consumer.channel_layer_alias)
    consumer.channel_layer = layer
    channel_receive = None
    if layer is not None:
        if not isinstance(layer, consumer.chanx_adapter.in_process_layer_types):
            forget_stale_receive_state(layer)  # left by an event loop that has ended
        consumer.channel_name = await layer.new_channel()
        consumer.channel_receive = functools.partial(layer.receive, consumer.channel_name)
        channel_receive = consumer.channel_receive
    transport = Transport(
        send,
        max_frames=int(setting(consumer, "max_outbound_frames")),
        max_bytes=int(setting(consumer, "max_outbound_bytes")),
        name=type(consumer).__name__,
    )
    watch = watch_writes(send, transport.client_left)
    if watch is not None:
        transport.writable, transport.on_slow_close = watch.writable, watch.slow_close
        transport.server_send = watch.wrap(send)
    consumer.base_send = transport.send
    consumer._chanx_transport = transport
    loop = DispatchLoop(
        receive, channel_receive, _Guarded(transport, dispatch or consumer.dispatch), busy
    )
    consumer.dispatch_loop = loop
    try:
        with contextlib.suppress(*stop):
            await loop.run()
    finally:
        await transport.finish()


class _Guarded:
    """``dispatch``, except for frames of a client that is gone or a connection that is closing.

    A slotted object rather than a closure: one per connection, it holds two references in
    ~50 bytes where a closure takes ~400.
    """

    __slots__ = ("dispatch", "transport")

    def __init__(self, transport: Transport, dispatch: Dispatch) -> None:
        self.transport = transport
        self.dispatch = dispatch

    def __call__(self, message: Any) -> Awaitable[None]:
        kind = message.get("type")
        if kind == "websocket.receive":
            transport = self.transport
            if transport.closed:
                transport.drop_inbound()
                return _nothing()
        elif kind == "websocket.disconnect":
            self.transport.client_left()
        return self.dispatch(message)


async def _nothing() -> None:
    return None
