"""Bounded, backpressured concurrency of one connection's frames.

Frames run concurrently up to ``max_concurrent_messages``; at the cap the consumer stops
reading the socket until a slot frees, so pressure goes back to the client rather than into
memory. A cap of 1 handles frames strictly in order. Frames that never suspend run without
a task (``chanx.core.connection.eager``). Every task is cancelled and awaited on disconnect.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any

from chanx.core.connection.eager import start_eagerly
from chanx.utils.logging import logger


class FrameRunner:
    """Runs each frame's work of one connection within its concurrency cap."""

    __slots__ = ("_inflight",)

    def __init__(self) -> None:
        self._inflight: set[asyncio.Task[None]] = set()

    @property
    def inflight(self) -> int:
        """Frames started and not finished yet."""
        return len(self._inflight)

    def starts_now(self, limit: int | None) -> bool:
        """Whether :meth:`start` may take a frame now (concurrent, and below ``limit``)."""
        return limit is not None and 1 < limit and len(self._inflight) < limit

    async def run(self, coro: Coroutine[Any, Any, None], limit: int | None) -> None:
        """Run ``coro``: inline when ``limit`` is 1 or less, else as a (lazily created) task."""
        if limit is None or limit <= 1:
            await coro
            return
        inflight = self._inflight
        while len(inflight) >= limit:
            # Backpressure: not returning keeps the framework from reading the next frame.
            await asyncio.wait(tuple(inflight), return_when=asyncio.FIRST_COMPLETED)
        self.start(coro)

    def start(self, coro: Coroutine[Any, Any, None]) -> None:
        """Start ``coro`` concurrently (``starts_now`` said there is room)."""
        inflight = self._inflight
        try:
            task = start_eagerly(coro)
        except Exception as exc:
            _log_frame_failure(exc)
            return
        if task is not None:
            inflight.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _log_frame_failure(task.exception())

    async def cancel_all(self) -> None:
        """Cancel and await every frame task of this connection."""
        tasks = tuple(self._inflight)
        if tasks:
            # A frame task created this very turn has not run its first step yet; cancelled
            # now, it would end without ever passing the cancellation to its frame (started
            # eagerly and suspended), which would then be left half-done. One turn lets every
            # such task start, so the frame itself sees the cancellation and cleans up.
            await asyncio.sleep(0)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._inflight.clear()


def _log_frame_failure(exc: BaseException | None) -> None:
    logger.error("Frame task failed", error=repr(exc), exc_info=exc)
