"""Keep a connection alive through a channel-layer outage (e.g. a Redis restart), and no longer.

Both frameworks read the channel layer with ``self.channel_receive()`` inside their dispatch
loop; an exception there (Redis unreachable) would end the consumer and drop the client. The
consumer wraps that callable with :func:`resilient_receive`: a failure is logged once, the
loop waits until Redis answers again (:mod:`chanx.core.connection.layer_probe`), re-joins the
connection's groups (a restarted Redis without persistence has forgotten them) and only then
receives again. Frames that need no layer keep being served meanwhile.

The loop ends, instead of retrying, as soon as its task is being cancelled (even when the
layer or redis-py swallowed the ``CancelledError`` and raised something else) or the
connection is closed: a server stops on SIGTERM whatever state Redis is in.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from chanx.core.connection.layer_probe import can_probe, wait_until_reachable
from chanx.utils.logging import logger

RETRY_INITIAL_DELAY = 0.05
RETRY_MAX_DELAY = 2.0
LEAVE_ATTEMPTS = 4


class _LayerConsumer(Protocol):
    groups: list[str]
    channel_layer: Any
    channel_name: str
    _closed_for_frames: bool

    def member_groups(self) -> list[str]: ...


def cancelling() -> bool:
    """Whether the current task is being cancelled (even if a library swallowed the error)."""
    task = asyncio.current_task()
    return bool(task is not None and task.cancelling())


async def _park_until_cancelled() -> None:
    # A closed connection's receive waits for its dispatch loop to cancel it (which happens
    # as the consumer ends) instead of retrying a layer nobody will read.
    await asyncio.Event().wait()


def resilient_receive(
    consumer: _LayerConsumer, raw: Callable[[], Awaitable[Any]]
) -> Callable[[], Awaitable[Any]]:
    """Wrap the framework's channel-layer receive so layer errors never end a live connection."""

    async def receive() -> Any:
        delay = RETRY_INITIAL_DELAY
        failed = False
        while True:
            if cancelling():
                raise asyncio.CancelledError("channel-layer receive cancelled")
            try:
                if failed:
                    rejoined = await _rejoin_groups(consumer)
                    await logger.ainfo("Channel layer reachable again", groups_rejoined=rejoined)
                    failed = False
                return await raw()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if cancelling():
                    raise asyncio.CancelledError("cancelled during a layer error") from exc
                if consumer._closed_for_frames:
                    await _park_until_cancelled()
                if not failed:
                    await logger.awarning(
                        "Channel layer receive failed; retrying", error=repr(exc)[:200]
                    )
                failed = True
                await wait_until_reachable(consumer.channel_layer, delay)
                if not can_probe(consumer.channel_layer):
                    delay = min(delay * 2, RETRY_MAX_DELAY)

    return receive


async def _rejoin_groups(consumer: _LayerConsumer) -> int:
    """Join every group of the connection again: its own and those of its topics."""
    joined = 0
    for group in consumer.member_groups():
        if cancelling() or consumer._closed_for_frames:
            break
        await consumer.channel_layer.group_add(group, consumer.channel_name)
        joined += 1
    return joined


async def join_groups(consumer: _LayerConsumer) -> bool:
    """Join the connection's groups at connect; ``False`` (logged) if the layer failed."""
    layer = getattr(consumer, "channel_layer", None)
    if layer is None:
        return True
    try:
        for group in consumer.groups:
            await layer.group_add(group, consumer.channel_name)
    except AttributeError:
        raise ValueError("BACKEND is unconfigured or doesn't support groups") from None
    except Exception as exc:
        await logger.awarning("Joining groups failed at connect", error=repr(exc)[:200])
        return False
    return True


async def leave_groups(consumer: _LayerConsumer) -> list[str]:
    """Leave the connection's groups, retrying through a short outage; return those left behind.

    Each group is tried up to :data:`LEAVE_ATTEMPTS` times, waiting for Redis to answer
    between tries; a cancelled task stops trying. A membership that could not be removed
    expires with the layer's ``group_expiry``.
    """
    layer = getattr(consumer, "channel_layer", None)
    if layer is None:
        return []
    stale: list[str] = []
    for group in list(consumer.groups):
        if not await discard_retrying(layer, group, consumer.channel_name):
            stale.append(group)
    return stale


async def discard_retrying(layer: Any, group: str, channel: str) -> bool:
    """Remove ``channel`` from ``group``, retrying through a short outage; ``False`` if it stayed.

    Up to :data:`LEAVE_ATTEMPTS` tries, waiting for Redis to answer between them; a
    cancelled task stops trying. A membership left behind expires with ``group_expiry``.
    """
    for attempt in range(LEAVE_ATTEMPTS):
        try:
            await layer.group_discard(group, channel)
            return True
        except AttributeError:
            raise
        except Exception as exc:
            if attempt == LEAVE_ATTEMPTS - 1 or cancelling():
                await logger.awarning(
                    "Leaving a group failed; it expires with group_expiry",
                    group=group,
                    error=repr(exc)[:200],
                )
                return False
            await _wait_bounded(layer, RETRY_INITIAL_DELAY * 2**attempt)
    return False


LEAVE_WAIT = 1.0


async def _wait_bounded(layer: Any, delay: float) -> None:
    # At least ``delay`` (a reachable Redis whose pool is exhausted answers the probe at
    # once, and an immediate retry would meet the same exhausted pool), at most LEAVE_WAIT
    # per attempt: a closing connection must not hold up shutdown.
    started = asyncio.get_running_loop().time()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(wait_until_reachable(layer, delay), LEAVE_WAIT)
    remaining = delay - (asyncio.get_running_loop().time() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
