"""Framework-neutral behaviour of the chanx test communicator.

Collectors return as soon as the consumer says it is done (completion frames); they only
run to their deadline when nothing is outstanding or completion signals are off.
``completion=True`` asks the consumer for completion frames on this connection only.
"""

import asyncio
import contextlib
import json
from collections import deque
from typing import Any, Self

import humps

from chanx.constants import COMPLETE_ACTIONS, MESSAGE_ACTION_COMPLETE
from chanx.core.consumer import COMPLETION_SCOPE_EXTENSION as COMPLETION_SCOPE_EXTENSION
from chanx.messages.base import BaseMessage
from chanx.testing import assertions
from chanx.testing.errors import ApplicationEnded as ApplicationEnded
from chanx.testing.history import HistoryCommunicatorMixin
from chanx.testing.topics import TopicCommunicatorMixin, strip_envelope_keys


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
        # Client frames sent whose ``complete`` has not arrived yet.
        self._outstanding = 0
        # Frames read by a selective helper (assert_message_pushed) but not consumed yet.
        self._stash: deque[dict[str, Any]] = deque()
        if completion:
            extensions = dict(self.scope.get("extensions") or {})
            extensions[COMPLETION_SCOPE_EXTENSION] = {}
            self.scope["extensions"] = extensions

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
        self._outstanding += 1
        await super().send_to(text_data=text_data, bytes_data=bytes_data)

    # -- reading -------------------------------------------------------------------------------
    async def _next_event(self) -> dict[str, Any]:
        """The next raw output event; ``ApplicationEnded`` if the application has finished.

        An exception the application died with is re-raised.
        """
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

    async def _next_frame(self) -> dict[str, Any]:
        """The next JSON frame; fails at once if the socket closes or the application dies."""
        if self._stash:
            return self._stash.popleft()
        event = await self._next_event()
        assert event["type"] == "websocket.send", (
            f"Expected type 'websocket.send', but was '{event['type']}'"
        )
        assert "text" in event and event["text"] is not None, "Expected a text frame"
        frame: dict[str, Any] = json.loads(event["text"])
        return frame

    # -- collecting ----------------------------------------------------------------------------
    async def receive_all_json(self, timeout: float = 1) -> list[dict[str, Any]]:
        """Collect frames until every sent frame got its ``complete``, or until ``timeout``."""
        frames: list[dict[str, Any]] = []
        waiting_for_completion = self._outstanding > 0
        try:
            async with asyncio.timeout(timeout):
                while True:
                    frame = await self._next_frame()
                    frames.append(frame)
                    completed = self._note_completion(frame)
                    if completed and waiting_for_completion and self._outstanding == 0:
                        return frames
        except TimeoutError:
            pass
        return frames

    async def receive_all_messages(
        self, stop_action: str = MESSAGE_ACTION_COMPLETE, timeout: float = 1
    ) -> list[BaseMessage]:
        """Collect typed replies until a frame with ``stop_action`` arrives, or until ``timeout``.

        Completion frames are never returned; envelope keys are dropped before validation.
        """
        if not self.consumer:
            raise ValueError("consumer must be initialized to use this method")
        adapter = self.consumer.outgoing_message_adapter
        camelize = self._consumer_camelizes()
        messages: list[BaseMessage] = []
        try:
            async with asyncio.timeout(timeout):
                while True:
                    frame = await self._next_frame()
                    if camelize:
                        frame = humps.decamelize(frame)
                    self._note_completion(frame)
                    action = frame.get(self.action_key)
                    if action not in COMPLETE_ACTIONS:
                        messages.append(adapter.validate_python(strip_envelope_keys(frame)))
                    if action == stop_action:
                        return messages
        except TimeoutError:
            pass
        return messages

    def _note_completion(self, frame: Any) -> bool:
        if isinstance(frame, dict) and frame.get(self.action_key) == MESSAGE_ACTION_COMPLETE:
            self._outstanding = max(0, self._outstanding - 1)
            return True
        return False

    def _consumer_camelizes(self) -> bool:
        value = getattr(self.consumer, "camelize", None)
        if value is None:
            value = getattr(getattr(self.consumer, "_chanx_config", None), "camelize", False)
        return bool(value)

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
