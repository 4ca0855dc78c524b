"""The process-wide switch the core asks: ``active`` is ``None`` until ``enable`` runs.

This module imports nothing optional, so the core can read ``state.active`` on every frame
at the cost of one attribute lookup when observability is off.
"""

from __future__ import annotations

from typing import Protocol


class Instrumentation(Protocol):
    """What the core reports; ``chanx.observability.metrics`` implements it."""

    def frame_handled(self, consumer: str, action: str, seconds: float, outcome: str) -> None:
        """One frame reached its handler: how long it took and how it ended."""

    def connection_opened(self, consumer: str) -> None:
        """A connection passed authentication and stays open."""

    def connection_closed(self, consumer: str) -> None:
        """A connection that was opened has gone."""


active: Instrumentation | None = None
