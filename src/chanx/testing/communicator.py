"""Framework-neutral behaviour of the chanx test communicator.

Collectors return as soon as the consumer says it is done (completion frames); they only
run to their deadline when nothing is outstanding or completion signals are off.
``completion=True`` asks the consumer for completion frames on this connection only.
"""

import asyncio
import contextlib
from collections import deque
from typing import Any, Self

from chanx.constants import COMPLETE_ACTIONS, MESSAGE_ACTION_COMPLETE
from chanx.core.consumer import COMPLETION_SCOPE_EXTENSION as COMPLETION_SCOPE_EXTENSION
from chanx.core.serving import ACTIVITY_SCOPE_EXTENSION
from chanx.messages.base import BaseMessage
from chanx.testing import assertions
from chanx.testing.activity import PROBE
from chanx.testing.errors import ApplicationEnded as ApplicationEnded
from chanx.testing.history import HistoryCommunicatorMixin
from chanx.testing.inbox import Inbox, frames_within, strip_envelope_keys
from chanx.testing.topics import TopicCommunicatorMixin

IDLE_POLL = 0.02
"""Seconds a collector waits for a frame before it asks again whether the consumers are idle."""


class ChanxCommunicatorMixin(TopicCommunicatorMixin, HistoryCommunicatorMixin):
    """Typed sending and completion-aware collecting on top of a framework communicator.

    Topic helpers (``subscribe``, ``unsubscribe``, ``receive_topic_message``, ``send_message``
    with ``topic``/``ref``) come from ``chanx.testing.topics``.
    """

    action_key = "action"
    application: Any
    scope: Any
    future: Any
    _future: Any
    output_queue: asyncio.Queue[Any]

    def __init__(
        self,
        application: Any,
        path: str,
        headers: list[tuple[bytes, bytes]] | None = None,
        subprotocols: list[str] | None = None,
        spec_version: int | None = None,
        *,
        consumer: type[Any],
        completion: bool = False,
    ) -> None:
        super().__init__(application, path, headers, subprotocols, spec_version)  # type: ignore[call-arg]
        self.consumer = consumer
        self._completion_requested = completion
        self._connected = False
        self._disconnected = False
        # Stash, outstanding-completion count and decoding of this connection's frames.
        self.inbox = Inbox(consumer, action_key=self.action_key)
        # Output events read just as their reader was cancelled: handed out first.
        self._held_events: deque[dict[str, Any]] = deque()
        extensions = dict(self.scope.get("extensions") or {})
        extensions[ACTIVITY_SCOPE_EXTENSION] = PROBE
        if completion:
            extensions[COMPLETION_SCOPE_EXTENSION] = {}
        self.scope["extensions"] = extensions
        PROBE.watch(self)

    # -- state ---------------------------------------------------------------------------------
    @property
    def completion_requested(self) -> bool:
        """True when this connection asked the consumer for completion frames."""
        return self._completion_requested

    @property
    def is_connected(self) -> bool:
        """True once ``connect()`` returned (whether or not the server accepted)."""
        return self._connected

    @property
    def is_disconnected(self) -> bool:
        """True once ``disconnect()`` was called."""
        return self._disconnected

    def check_usable(self) -> None:
        """Fail with a clear ``AssertionError`` when this communicator cannot receive."""
        if self._disconnected:
            raise AssertionError(
                "The communicator is disconnected (disconnect() was called); "
                "create and connect a new one"
            )
        if not self._connected:
            raise AssertionError(
                "The communicator is not connected: await connect() first "
                "(or use it as `async with communicator:`)"
            )

    # -- connection ------------------------------------------------------------------------
    async def connect(self, timeout: float = 1) -> tuple[bool, int | str | None]:
        result: tuple[bool, int | str | None] = await super().connect(timeout)  # type: ignore[misc]
        self._connected = True
        return result

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        """Close from the client side and wait for the application to finish (idempotent)."""
        self._disconnected = True
        if self.future.done():
            if not self.future.cancelled() and self.future.exception() is not None:
                raise self.future.exception()
            return
        try:
            await self.send_input({"type": "websocket.disconnect", "code": code})  # type: ignore[attr-defined]
            await self.wait(timeout)  # type: ignore[attr-defined]
        except asyncio.CancelledError:
            pass

    async def assert_closed(self, *, code: int | None = None, timeout: float = 1) -> None:
        """Assert that the next output event closes the socket (with ``code``, when given)."""
        event = await self.receive_output(timeout)  # type: ignore[attr-defined]
        assert event["type"] == "websocket.close", f"Expected the socket to close, got {event!r}"
        if code is not None:
            actual = event.get("code", 1000)
            assert actual == code, f"Expected close code {code}, got {actual}"

    # -- sending -----------------------------------------------------------------------------
    async def send_to(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.inbox.frame_sent()
        await super().send_to(text_data=text_data, bytes_data=bytes_data)

    # -- reading -------------------------------------------------------------------------------
    async def next_event(self) -> dict[str, Any]:
        """The next raw output event; ``ApplicationEnded`` if the application has finished.

        An exception the application died with is re-raised.
        """
        if self._held_events:
            return self._held_events.popleft()
        queue = self.output_queue
        if not queue.empty():
            event: dict[str, Any] = queue.get_nowait()
            return event
        if self.future.done():
            self.future.result()
            raise ApplicationEnded("The application finished; no more frames will arrive")
        getter = asyncio.ensure_future(queue.get())
        try:
            await asyncio.wait({getter, self.future}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            # Cancelled (a caller's timeout) just as an event arrived: keep it for the next read.
            if getter.done() and not getter.cancelled():
                self._held_events.append(getter.result())
            raise
        finally:
            if not getter.done():
                getter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await getter
        if not getter.done() or getter.cancelled():
            self.future.result()
            raise ApplicationEnded("The application finished; no more frames will arrive")
        event = getter.result()
        return event

    def pending_events(self) -> list[dict[str, Any]]:
        """Every output event that already arrived and was not read yet (no waiting)."""
        events: list[dict[str, Any]] = list(self._held_events)
        self._held_events.clear()
        while not self.output_queue.empty():
            events.append(self.output_queue.get_nowait())
        return events

    async def next_frame(self) -> dict[str, Any]:
        """The next JSON frame (held ones first); fails at once on a close or a dead app."""
        held = self.inbox.pop()
        if held is not None:
            return held
        event = await self.next_event()
        assert event["type"] == "websocket.send", (
            f"Expected type 'websocket.send', but was '{event['type']}'"
        )
        assert "text" in event and event["text"] is not None, "Expected a text frame"
        frame: dict[str, Any] = self.inbox.decode(event["text"])
        return frame

    # -- collecting ----------------------------------------------------------------------------
    async def next_frame_unless_idle(self, *, poll: float = IDLE_POLL) -> dict[str, Any] | None:
        """The next JSON frame, or ``None`` once the consumers have nothing left to send.

        "Nothing left" means every in-process consumer is idle and nothing is queued for it
        (``chanx.testing.activity``); with a layer in another process this waits for a frame
        (the caller's timeout ends it).
        """
        while True:
            if self._has_unread() or self.future.done():
                return await self.next_frame()
            PROBE.watch(self)
            if await PROBE.settled() and not self._has_unread():
                return None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll):
                    return await self.next_frame()

    def _has_unread(self) -> bool:
        return bool(self.inbox.stash or self._held_events or not self.output_queue.empty())

    async def receive_all_json(self, timeout: float = 1) -> list[dict[str, Any]]:
        """Collect frames until the consumer has nothing left to send, or until ``timeout``.

        "Nothing left": every sent frame got its ``complete`` (with completion frames on), or
        no frame or channel message is being handled and nothing is queued.
        """
        frames: list[dict[str, Any]] = []
        waiting_for_completion = not self.inbox.all_completed
        async for frame in frames_within(timeout, self.next_frame_unless_idle):
            frames.append(frame)
            completed = self.inbox.note_completion(frame)
            if completed and waiting_for_completion and self.inbox.all_completed:
                break
        return frames

    async def receive_all_messages(
        self, stop_action: str = MESSAGE_ACTION_COMPLETE, timeout: float = 1
    ) -> list[BaseMessage]:
        """Collect typed replies until a frame with ``stop_action`` arrives, the consumer has
        nothing left to send, or ``timeout``.

        Completion frames are never returned; envelope keys are dropped before validation.
        """
        if not self.consumer:
            raise ValueError("consumer must be initialized to use this method")
        adapter = self.consumer.outgoing_message_adapter
        inbox = self.inbox
        messages: list[BaseMessage] = []
        async for raw in frames_within(timeout, self.next_frame_unless_idle):
            frame = inbox.decamelized(raw)
            inbox.note_completion(frame)
            action = frame.get(self.action_key)
            if action not in COMPLETE_ACTIONS:
                messages.append(adapter.validate_python(strip_envelope_keys(frame)))
            if action == stop_action:
                break
        return messages

    # -- assertions (see chanx.testing.assertions) -----------------------------------------------
    async def assert_message_pushed(
        self, expected: Any, payload: Any = assertions.UNSET, *, timeout: float = 1
    ) -> BaseMessage:
        """Wait until a matching message arrives and return it; see ``assertions``."""
        return await assertions.assert_message_pushed(self, expected, payload, timeout=timeout)

    async def assert_no_message(self, timeout: float = 0.1, *, ignore: Any = None) -> None:
        """Assert nothing but completion frames arrives within ``timeout``."""
        await assertions.assert_no_message(self, timeout, ignore=ignore)

    # -- context manager -----------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.disconnect()
