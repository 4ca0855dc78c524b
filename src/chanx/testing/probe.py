"""``group_probe``: listen on a channel-layer group and assert what reached it (real delivery)."""

import asyncio
from typing import Any, Self

from chanx.messages.base import BaseMessage
from chanx.testing.context import AsyncContext
from chanx.testing.matching import UNSET, Expectation, show_frames


def unwrap(envelope: dict[str, Any]) -> Any:
    """The message inside a chanx channel-layer envelope (other envelopes as they are)."""
    kind = envelope.get("type")
    if kind == "handle_group_message":
        return envelope.get("message")
    if kind == "handle_channel_event":
        return envelope.get("event_data")
    return envelope


class group_probe(AsyncContext):  # lower-case: used like a function, like capture_broadcast_events
    """``async with group_probe(ConsumerOrLayer, "room") as probe:`` joins ``group``.

    ``target`` is a consumer class (its channel layer is used) or a channel layer. The probe
    receives what any member of the group receives: ``broadcast_message`` relays and
    ``broadcast_event`` events, unwrapped to their JSON data.
    """

    def __init__(self, target: Any, group: str) -> None:
        # A consumer class brings its own layer (class-level lookup, as broadcast_event uses).
        layer: Any = getattr(target, "_class_layer", None)
        self.layer: Any = layer() if isinstance(target, type) and layer is not None else target
        self.group = group
        self.channel = ""
        self.received: list[Any] = []

    async def __aenter__(self) -> Self:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        return self

    async def aclose(self, exc: BaseException | None = None) -> None:
        """Leave the group."""
        await self.layer.group_discard(self.group, self.channel)

    async def _receive(self) -> Any:
        message = unwrap(await self.layer.receive(self.channel))
        self.received.append(message)
        return message

    async def assert_received(
        self,
        expected: type[BaseMessage] | str | BaseMessage,
        payload: Any = UNSET,
        *,
        timeout: float = 1,
    ) -> dict[str, Any]:
        """Wait up to ``timeout`` for a matching message on the group and return its data."""
        expectation = Expectation.build(expected, payload)
        seen: list[Any] = []
        try:
            async with asyncio.timeout(max(timeout, 0)):
                while True:
                    message = await self._receive()
                    if isinstance(message, dict) and expectation.matches(message):
                        return message
                    seen.append(message)
        except TimeoutError:
            pass
        raise AssertionError(
            f"Expected {expectation.describe()} to reach group '{self.group}' within "
            f"{timeout}s, but it did not.\nThe group received:\n{show_frames(seen)}"
        )

    async def assert_nothing_received(self, timeout: float = 0.1) -> None:
        """Assert that nothing reaches the group within ``timeout`` seconds."""
        try:
            async with asyncio.timeout(max(timeout, 0)):
                message = await self._receive()
        except TimeoutError:
            return
        raise AssertionError(
            f"Expected nothing to reach group '{self.group}' within {timeout}s, "
            f"but it received:\n{show_frames([message])}"
        )
