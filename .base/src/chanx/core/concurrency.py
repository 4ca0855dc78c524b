"""Bounded, backpressured concurrency of one connection's frames.

Frames run concurrently up to ``max_concurrent_messages``; at the cap the consumer stops
reading the socket until a slot frees, so pressure goes back to the client rather than into
memory. A cap of 1 handles frames strictly in order. Frames that never suspend run without
a task (``chanx.core.eager``). Every task is cancelled and awaited on disconnect.
"""

import asyncio
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from chanx.core.eager import start_eagerly
from chanx.utils.logging import logger

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerBase

    _Base = ChanxConsumerBase
else:
    _Base = object


class FrameConcurrencyMixin(_Base):
    """Runs each frame's work within the connection's concurrency cap."""

    async def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run one frame's work within the connection's concurrency cap."""
        limit = self._setting("max_concurrent_messages")
        if limit is None or limit <= 1:
            await coro
            return
        inflight = self._inflight
        while len(inflight) >= limit:
            # Backpressure: not returning keeps the framework from reading the next frame.
            await asyncio.wait(tuple(inflight), return_when=asyncio.FIRST_COMPLETED)
        try:
            task = start_eagerly(coro)
        except Exception as exc:
            _log_frame_failure(exc)
            return
        if task is not None:
            inflight.add(task)
            task.add_done_callback(self._frame_task_done)

    def _frame_task_done(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _log_frame_failure(task.exception())

    async def _cancel_inflight(self) -> None:
        """Cancel and await every frame task of this connection."""
        tasks = tuple(self._inflight)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._inflight.clear()


def _log_frame_failure(exc: BaseException | None) -> None:
    logger.error("Frame task failed", error=repr(exc), exc_info=exc)
