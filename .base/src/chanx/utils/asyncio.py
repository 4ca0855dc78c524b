"""Background-task helpers that keep tasks referenced and log their failures."""

import asyncio
import contextvars
from collections.abc import Coroutine
from typing import Any, TypeVar

from chanx.utils.logging import logger

T = TypeVar("T")

global_background_tasks: set[asyncio.Task[Any]] = set()


async def wrap_task(coro: Coroutine[Any, Any, T]) -> T:
    """Await ``coro``; log any ``Exception`` it raises, then re-raise it."""
    try:
        return await coro
    except Exception as e:
        await logger.aexception(str(e), reason="Async task has error.")
        raise


def create_task(
    coro: Coroutine[Any, Any, T],
    background_tasks: set[asyncio.Task[Any]] | None = None,
    name: str | None = None,
    context: contextvars.Context | None = None,
) -> asyncio.Task[T]:
    """Schedule ``coro`` as a task that is kept alive until it finishes."""
    tasks = global_background_tasks if background_tasks is None else background_tasks
    task = asyncio.create_task(wrap_task(coro), name=name, context=context)
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return task
