"""Keep a connection alive through a channel-layer outage (e.g. a Redis restart).

Both frameworks read the channel layer with ``self.channel_receive()`` inside their dispatch
loop; an exception there (Redis unreachable) would end the consumer and drop the client. The
consumer wraps that callable with :func:`resilient_receive`: failures are logged once, retried
with capped exponential backoff, and once the layer answers again the consumer re-joins its
groups (a restarted Redis without persistence has forgotten them) before receiving again.
Frames that need no layer keep being served meanwhile.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from chanx.utils.logging import logger

RETRY_INITIAL_DELAY = 0.05
RETRY_MAX_DELAY = 2.0


class _LayerConsumer(Protocol):
    groups: list[str]
    channel_layer: Any
    channel_name: str
    _closed_for_frames: bool


def resilient_receive(
    consumer: _LayerConsumer, raw: Callable[[], Awaitable[Any]]
) -> Callable[[], Awaitable[Any]]:
    """Wrap the framework's channel-layer receive so layer errors never end the connection."""

    async def receive() -> Any:
        delay = RETRY_INITIAL_DELAY
        failed = False
        while True:
            try:
                if failed:
                    await _rejoin_groups(consumer)
                    await logger.ainfo("Channel layer reachable again; groups re-joined")
                    failed = False
                return await raw()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not failed:
                    await logger.awarning(
                        "Channel layer receive failed; retrying", error=repr(exc)[:200]
                    )
                failed = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_DELAY)

    return receive


async def _rejoin_groups(consumer: _LayerConsumer) -> None:
    if consumer._closed_for_frames:
        return
    for group in consumer.groups:
        await consumer.channel_layer.group_add(group, consumer.channel_name)
