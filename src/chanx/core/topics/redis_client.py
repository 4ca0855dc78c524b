"""The Redis clients of the topic stores: one per event loop, closed with their loop.

A client is bound to the loop that made it. Short-lived loops (``broadcast_sync`` from a
thread without a loop runs each call in a new one) close their client when they close, so
no connection is left behind; a command that meets a dropped connection (Redis restarted)
is retried, so the first command after a restart succeeds.

A client is made from a host entry of the channel layer (any form: a URL, a ``(host, port)``
tuple, a dict with ``address``/``host`` and options such as ``password`` and ``db``, or a
Sentinel dict) by :func:`chanx.core.topics.redis_pools.redis_pool`: its pool waits for a free
connection (``max_connections``/``pool_timeout`` of the entry) instead of failing a burst.
"""

import asyncio
import contextlib
import weakref
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError

from chanx.core.topics.redis_pools import redis_pool


def redis_client(host: Any) -> Redis:
    """A client on ``host`` (a URL or any layer host entry) that retries a command (three
    times, backing off up to 0.5 s) unless the entry sets its own ``retry``."""
    pool = redis_pool(
        host,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
        retry_on_error=[ConnectionError, TimeoutError],
        health_check_interval=30,
    )
    return Redis.from_pool(pool)


class LoopClients:
    """The client of each running event loop, for one Redis host entry."""

    def __init__(self, host: Any) -> None:
        self.host = host
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> Redis:
        """This loop's client (created on first use, closed when the loop closes)."""
        loop = asyncio.get_running_loop()
        found = self._clients.get(loop)
        if found is None:
            found = self._clients[loop] = redis_client(self.host)
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
