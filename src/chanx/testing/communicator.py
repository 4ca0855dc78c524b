"""Framework-neutral behaviour of the chanx test communicator.

Collectors return as soon as the consumer says it is done (completion frames); they only
run to their deadline when nothing is outstanding or completion signals are off.
"""

import asyncio
import contextlib
import json
from typing import Any, Self

import humps

from chanx.constants import COMPLETE_ACTIONS, MESSAGE_ACTION_COMPLETE
from chanx.messages.base import BaseMessage


class ChanxCommunicatorMixin:
    """Typed sending and completion-aware collecting on top of a framework communicator."""

    action_key = "action"
    application: Any
    scope: Any
    future: Any
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
    ) -> None:
        super().__init__(application, path, headers, subprotocols, spec_version)  # type: ignore[call-arg]
        self.consumer = consumer
        self._connected = False
        # Client frames sent whose ``complete`` has not arrived yet.
        self._outstanding = 0

    # -- connection ------------------------------------------------------------------------
    async def connect(self, timeout: float = 1) -> tuple[bool, int | str | None]:
        result: tuple[bool, int | str | None] = await super().connect(timeout)  # type: ignore[misc]
        self._connected = True
        return result

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        """Close from the client side and wait for the application to finish (idempotent)."""
        if self.future.done():
            if not self.future.cancelled() and self.future.exception() is not None:
                raise self.future.exception()
            return
        try:
            await self.send_input({"type": "websocket.disconnect", "code": code})  # type: ignore[attr-defined]
            await self.wait(timeout)  # type: ignore[attr-defined]
        except asyncio.CancelledError:
            pass

    async def assert_closed(self) -> None:
        """Assert that the next output event closes the socket (any close code)."""
        event = await self.receive_output()  # type: ignore[attr-defined]
        assert event["type"] == "websocket.close", f"Expected the socket to close, got {event!r}"

    # -- sending -----------------------------------------------------------------------------
    async def send_to(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self._outstanding += 1
        await super().send_to(text_data=text_data, bytes_data=bytes_data)  # type: ignore[misc]

    async def send_message(self, message: BaseMessage) -> None:
        """Send a typed message (JSON-mode dump, so UUIDs and datetimes travel as strings)."""
        await self.send_to(text_data=message.model_dump_json())

    # -- collecting ----------------------------------------------------------------------------
    async def _next_frame(self) -> dict[str, Any]:
        """The next JSON frame; fails at once if the socket closes or the application dies."""
        queue = self.output_queue
        if queue.empty():
            if self.future.done():
                self.future.result()
                raise AssertionError("The application finished; no more frames will arrive")
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
                raise AssertionError("The application finished; no more frames will arrive")
            event = getter.result()
        else:
            event = queue.get_nowait()
        assert event["type"] == "websocket.send", (
            f"Expected type 'websocket.send', but was '{event['type']}'"
        )
        assert "text" in event and event["text"] is not None, "Expected a text frame"
        frame: dict[str, Any] = json.loads(event["text"])
        return frame

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

        Completion frames are never returned.
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
                        messages.append(adapter.validate_python(frame))
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

    # -- context manager -----------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.disconnect()
