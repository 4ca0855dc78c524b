"""Start a coroutine inline and make it a task only if it actually suspends.

Python 3.12 offers ``asyncio.eager_task_factory``; this is the per-call equivalent for 3.11.
Most frames finish without suspending (validate, call the handler, send one reply), and for
them creating a task, scheduling its first step and its done callback is pure overhead.
"""

import asyncio
import contextvars
from collections.abc import Coroutine, Generator
from typing import Any


def start_eagerly(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run ``coro`` up to its first suspension, in a copy of the current context.

    Returns ``None`` when it already finished (an exception it raised propagates), otherwise
    a task, in the same context, that drives the rest. Like ``create_task``, the caller's
    context variables are never changed by the coroutine.
    """
    context = contextvars.copy_context()
    try:
        yielded = context.run(coro.send, None)
    except StopIteration:
        return None
    return asyncio.get_running_loop().create_task(_resume(coro, yielded), context=context)


class Forward:
    """Awaitable handing one value a coroutine yielded (a future, or ``None``) to the task
    awaiting it: how a coroutine driven by hand suspends its driver in its place."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self.value)


async def _resume(coro: Coroutine[Any, Any, None], yielded: Any) -> None:
    """Drive a started coroutine: its suspensions, results and cancellations pass straight through."""
    while True:
        try:
            sent = await Forward(yielded)
        except BaseException as exc:  # cancellation and errors go to the coroutine, as in a task
            try:
                yielded = coro.throw(exc)
            except StopIteration:
                return
            continue
        try:
            yielded = coro.send(sent)
        except StopIteration:
            return
