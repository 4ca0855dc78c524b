"""The process-wide switch the core asks: ``active`` is ``None`` until ``enable`` runs.

This module imports nothing optional, so the core can read ``state.active`` on every frame
at the cost of one attribute lookup when observability is off.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

TRACE_KEY = "_chanx_trace"
"""Layer-message key carrying the sender's trace context (never sent to a client)."""


class FrameObservation(Protocol):
    """One client frame being handled (returned by :meth:`Instrumentation.frame`)."""

    def topic_frame(self, frame: Any) -> None:
        """The frame is addressed to a topic (``frame`` is the decoded frame)."""

    def end(self, message: Any) -> None:
        """The frame is done; ``message`` is its validated message (``None``: it had none)."""


class Instrumentation(Protocol):
    """What the core reports; ``chanx.observability.observer.Observer`` implements it."""

    def frame(self, consumer: Any, raw: Any) -> FrameObservation | None:
        """A client frame starts being handled (``None``: nothing to observe)."""

    def frame_error(
        self, consumer: Any, kind: str, action: Any = None, message: Any = None
    ) -> None:
        """The frame ``consumer`` is handling failed (``validation_error``, ...). ``action``:
        the action the frame claimed, when known; ``message``: the message whose handler
        failed (the frame is found by it)."""

    def frame_refused(self, consumer: Any, detail: str) -> None:
        """A frame was refused before decoding (size or rate limits, binary frames)."""

    def dispatcher(
        self, consumer: Any, dispatch: Callable[[Any], Awaitable[None]]
    ) -> Callable[[Any], Awaitable[None]]:
        """``dispatch`` observed: connect, disconnect and channel-layer messages."""

    async def publish(
        self,
        send: Callable[[str, dict[str, Any]], Awaitable[None]],
        targets: list[str],
        message: dict[str, Any],
        source: str,
        kind: str,
    ) -> None:
        """Send ``message`` to each target with ``send``, carrying the current trace context."""

    def subscribed(self, subscription: Any, extra: dict[str, Any]) -> None:
        """A topic subscription started (``extra``: its history position)."""

    def unsubscribed(self, subscription: Any) -> None:
        """A topic subscription ended."""

    def connection_opened(self, consumer: str) -> None:
        """A connection passed authentication and stays open."""

    def connection_closed(self, consumer: str) -> None:
        """A connection that was opened has gone."""


active: Instrumentation | None = None
