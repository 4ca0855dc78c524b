"""The Redis clients of the topic stores: one per event loop, closed with their loop.

A client is bound to the loop that made it. Short-lived loops (``broadcast_sync`` from a
thread without a loop runs each call in a new one) close their client when they close, so
no connection is left behind; a command that meets a dropped connection (Redis restarted)
is retried, so the first command after a restart succeeds.

A client on a Sentinel-managed primary follows a failover on its own once its connections
fail; :func:`follow_sentinel_primary` makes it follow a switchover too, where the old primary
keeps running (and accepting writes, until a sentinel reconfigures it) with our connections
open: ``chanx.core.connection.layer_watch`` calls it for the layer's clients and for every client of this
module on each of its rounds.

A client is made from a host entry of the channel layer (any form: a URL, a ``(host, port)``
tuple, a dict with ``address``/``host`` and options such as ``password`` and ``db``, or a
Sentinel dict) by :func:`chanx.core.redis.pools.redis_pool`: its pool waits for a free
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

from chanx.core.redis.pools import redis_pool


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
        _all.add(self)

    def existing(self) -> Redis | None:
        """This loop's client if one was made (none is created)."""
        return self._clients.get(asyncio.get_running_loop())

    def get(self) -> Redis:
        """This loop's client (created on first use, closed when the loop closes)."""
        loop = asyncio.get_running_loop()
        found = self._clients.get(loop)
        if found is None:
            found = self._clients[loop] = redis_client(self.host)
            _close_with(loop, found)
        return found


_all: "weakref.WeakSet[LoopClients]" = weakref.WeakSet()


def store_clients() -> list[Redis]:
    """The clients of every :class:`LoopClients` made for the running event loop."""
    found = (clients.existing() for clients in list(_all))
    return [client for client in found if client is not None]


_followed: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()


async def follow_sentinel_primary(client: Any) -> bool:
    """Ask the sentinels which Redis is the primary; if it changed since the last call for
    ``client``'s pool, drop every connection of the pool (busy ones too, e.g. a blocked read)
    so that each reconnects to the new primary. ``True`` if it did. Clients not managed by
    Sentinel: nothing to do."""
    pool: Any = getattr(client, "connection_pool", None)
    if not getattr(pool, "is_master", False) or not hasattr(pool, "get_master_address"):
        return False
    # Also drops the pool's idle connections when the primary changed.
    after = await pool.get_master_address()
    # Compared with what this function saw last, not with the pool's own address: a new
    # connection of the pool updates that one without leaving the busy connections.
    before = _followed.get(pool)
    _followed[pool] = after
    if before is None or after == before:
        return False
    await pool.disconnect(inuse_connections=True)
    return True


def _close_with(loop: asyncio.AbstractEventLoop, client: Redis) -> None:
    original = loop.close

    def close() -> None:
        if not loop.is_closed() and not loop.is_running():
            with contextlib.suppress(Exception):
                loop.run_until_complete(client.aclose())
        original()

    loop.close = close  # type: ignore[method-assign]
