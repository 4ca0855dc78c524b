"""Redis host entries for channels-redis / fast-channels layers that survive restarts and idling.

Two settings matter besides the URL:

* ``socket_timeout`` must be **longer** than the layer's blocking read (``brpop_timeout``,
  5 s in both layers). redis-py's default socket timeout is also 5 s, so an idle connection's
  blocking read raced the socket timeout: every idle receive failed with a timeout, was
  logged and retried. :func:`resilient_redis_host` sets it to the blocking read plus a margin.
* a ``retry`` on connection errors, so the first command on a pooled connection that went
  stale during a Redis restart reconnects instead of failing.

:func:`resilient_sentinel_host` is the same entry for a primary found through Redis Sentinel:
after a failover its connections ask the sentinels for the new primary.

Requires ``redis`` (installed with ``channels-redis`` or ``fast-channels[redis]``).
"""

from collections.abc import Iterable
from typing import Any

BLOCKING_READ_TIMEOUT = 5.0
"""Seconds a layer's blocking read waits on Redis (``brpop_timeout`` of both layers)."""

SOCKET_TIMEOUT_MARGIN = 5.0
"""How much longer than the blocking read a socket read may take before it is an error."""

CONNECT_TIMEOUT = 2.0
"""Seconds to wait for a TCP connection to Redis (an unreachable host fails fast)."""


def resilient_redis_host(
    url: str,
    *,
    blocking_read_timeout: float = BLOCKING_READ_TIMEOUT,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> dict[str, Any]:
    """A ``hosts`` entry for ``RedisChannelLayer`` (channels-redis or fast-channels).

    Pass the layer's ``brpop_timeout`` as ``blocking_read_timeout`` if you changed it.
    """
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError, TimeoutError

    return {
        "address": url,
        "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=3),
        "retry_on_error": [ConnectionError, TimeoutError],
        "socket_timeout": blocking_read_timeout + SOCKET_TIMEOUT_MARGIN,
        "socket_connect_timeout": connect_timeout,
    }


def resilient_sentinel_host(
    master_name: str,
    sentinels: Iterable[tuple[str, int]],
    *,
    blocking_read_timeout: float = BLOCKING_READ_TIMEOUT,
    connect_timeout: float = CONNECT_TIMEOUT,
    sentinel_kwargs: dict[str, Any] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """A Sentinel ``hosts`` entry: the primary ``master_name`` as ``sentinels`` name it.

    Same retry and timeouts as :func:`resilient_redis_host`. ``sentinel_kwargs`` are the
    connection options of the sentinels themselves (e.g. their ``password``); a sentinel
    that does not answer within ``connect_timeout`` is skipped for the next one. ``options``
    are connection options of the primary (``password``, ``db`` ...).
    """
    entry = resilient_redis_host(
        "", blocking_read_timeout=blocking_read_timeout, connect_timeout=connect_timeout
    )
    del entry["address"]
    return {
        **entry,
        "master_name": master_name,
        "sentinels": list(sentinels),
        "sentinel_kwargs": {
            "socket_timeout": connect_timeout,
            "socket_connect_timeout": connect_timeout,
            **(sentinel_kwargs or {}),
        },
        **options,
    }


__all__ = [
    "BLOCKING_READ_TIMEOUT",
    "CONNECT_TIMEOUT",
    "SOCKET_TIMEOUT_MARGIN",
    "resilient_redis_host",
    "resilient_sentinel_host",
]
