"""Redis connection pools from a channel layer's host entry, that wait for a free connection.

Used by the history and presence stores (which follow the channel layer's ``hosts``) and by
chanx's Redis channel layers (``chanx.channels.layers``, ``chanx.fast_channels.layers``).
Every host form channels-redis and fast-channels accept works:

* a URL string, ``"redis://:secret@127.0.0.1:6379/5"`` (``rediss://``, ``unix://`` too);
* a ``(host, port)`` tuple;
* a dict with ``address`` (a URL) plus connection options (``password``, ``db``,
  ``socket_timeout``, ``retry`` ...); the URL's own password and db win over the options;
* a dict with ``host``/``port`` plus the same options;
* a Sentinel dict: ``master_name``, ``sentinels`` (a list of ``(host, port)``), optional
  ``sentinel_kwargs`` (e.g. the sentinels' own ``password``) plus the options for the
  primary (``password``, ``db`` ...).

Two more keys are chanx's own (removed before redis-py sees the entry):

* ``max_connections``: the pool's size (:data:`POOL_SIZE` by default);
* ``pool_timeout``: seconds a command waits for a free connection when all are in use
  (:data:`POOL_TIMEOUT` by default); only then does it fail, with redis-py's
  ``ConnectionError("No connection available.")``. redis-py's own pool fails at once with
  ``MaxConnectionsError("Too many connections")``, which turned a burst of subscribes into
  errors while Redis was healthy.
"""

from typing import Any, Final

from redis.asyncio import BlockingConnectionPool, ConnectionPool
from redis.asyncio.sentinel import (
    Sentinel,
    SentinelConnectionPool,
    SentinelManagedConnection,
    SentinelManagedSSLConnection,
)

from chanx.core.redis.host_entries import RedisHost, decode_host, describe_host

POOL_SIZE: Final[int] = 100
"""Connections one pool opens at most (``max_connections`` of a host entry)."""

POOL_TIMEOUT: Final[float] = 5.0
"""Seconds a command waits for a free pooled connection (``pool_timeout`` of a host entry)."""

CHANX_HOST_KEYS: Final[tuple[str, ...]] = ("max_connections", "pool_timeout")
"""Host-entry keys chanx reads itself."""


class BlockingSentinelConnectionPool(SentinelConnectionPool, BlockingConnectionPool):
    """A Sentinel-managed pool that waits for a free connection like ``BlockingConnectionPool``."""


class _FollowPrimary:
    """A connection of a Sentinel-managed pool that stays with the primary the pool last heard
    of from the sentinels.

    redis-py reconnects a dropped connection (a command retried on it) to its old address,
    and keeps using a pooled connection to an old primary after the pool learned of a new
    one. After a switchover the old primary still runs (and takes writes until a sentinel
    demotes it), so such commands landed there. Here a connection reconnects to the pool's
    primary, and leaves an old one before its next command.
    """

    async def connect_check_health(
        self, check_health: bool = True, retry_socket_connect: bool = True
    ) -> None:
        address = _pool_primary(self)
        if address is not None and not self.is_connected:  # type: ignore[attr-defined]
            self.host, self.port = address
        await super().connect_check_health(check_health, retry_socket_connect)  # type: ignore[misc]

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        address = _pool_primary(self)
        if (
            address is not None
            and self.is_connected  # type: ignore[attr-defined]
            and (self.host, self.port) != address
        ):
            await self.disconnect()  # type: ignore[attr-defined]
        await super().send_packed_command(command, check_health)  # type: ignore[misc]


def _pool_primary(connection: Any) -> tuple[str, int] | None:
    pool: Any = getattr(connection, "connection_pool", None)
    address = getattr(pool, "master_address", None)
    if not getattr(pool, "is_master", False) or not address:
        return None
    return (address[0], int(address[1]))


class FollowingSentinelConnection(_FollowPrimary, SentinelManagedConnection):
    """A connection of a Sentinel-managed pool that reconnects to the current primary."""


class FollowingSentinelSSLConnection(_FollowPrimary, SentinelManagedSSLConnection):
    """:class:`FollowingSentinelConnection` over TLS."""


def redis_pool(entry: Any, **defaults: Any) -> ConnectionPool:
    """A waiting pool for ``entry`` (any host form, see the module doc).

    ``defaults`` are connection options used when the entry does not set them.
    """
    host = {**defaults, **decode_host(entry)}
    size = int(host.pop("max_connections", None) or POOL_SIZE)
    timeout = host.pop("pool_timeout", POOL_TIMEOUT)
    address = host.pop("address", None)
    if address is not None:
        pool: ConnectionPool = BlockingConnectionPool.from_url(
            str(address), max_connections=size, timeout=timeout, **host
        )
        return pool
    master_name = host.pop("master_name", None)
    if master_name is not None:
        sentinels = host.pop("sentinels")
        sentinel_kwargs = host.pop("sentinel_kwargs", None)
        manager = Sentinel(sentinels, sentinel_kwargs=sentinel_kwargs)  # type: ignore[no-untyped-call]
        if "connection_class" not in host:
            tls = bool(host.pop("ssl", False))
            host["connection_class"] = (
                FollowingSentinelSSLConnection if tls else FollowingSentinelConnection
            )
        sentinel_pool: ConnectionPool = BlockingSentinelConnectionPool(  # type: ignore[no-untyped-call]
            master_name, manager, max_connections=size, timeout=timeout, **host
        )
        return sentinel_pool
    return BlockingConnectionPool(max_connections=size, timeout=timeout, **host)


__all__ = [
    "CHANX_HOST_KEYS",
    "POOL_SIZE",
    "POOL_TIMEOUT",
    "BlockingSentinelConnectionPool",
    "FollowingSentinelConnection",
    "FollowingSentinelSSLConnection",
    "RedisHost",
    "decode_host",
    "describe_host",
    "redis_pool",
]
