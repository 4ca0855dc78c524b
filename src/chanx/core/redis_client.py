"""The Redis clients of the topic stores: one per event loop, closed with their loop.

A client is bound to the loop that made it. Short-lived loops (``broadcast_sync`` from a
thread without a loop runs each call in a new one) close their client when they close, so
no connection is left behind; a command that meets a dropped connection (Redis restarted)
is retried, so the first command after a restart succeeds.
"""

import asyncio
import contextlib
import weakref

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError


def redis_client(url: str) -> Redis:
    """A client on ``url`` that retries a command (three times, backing off up to 0.5 s)."""
    return Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
        retry_on_error=[ConnectionError, TimeoutError],
        health_check_interval=30,
    )


class LoopClients:
    """The client of each running event loop, for one Redis URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> Redis:
        """This loop's client (created on first use, closed when the loop closes)."""
        loop = asyncio.get_running_loop()
        found = self._clients.get(loop)
        if found is None:
            found = self._clients[loop] = redis_client(self.url)
            _close_with(loop, found)
        return found


def _close_with(loop: asyncio.AbstractEventLoop, client: Redis) -> None:
    original = loop.close

    def close() -> None:
        if not loop.is_closed() and not loop.is_running():
            with contextlib.suppress(Exception):
                loop.run_until_complete(client.aclose())
        original()

    loop.close = close  # type: ignore[method-assign]
