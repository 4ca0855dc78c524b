"""Redis host entries for channels-redis / fast-channels layers that survive restarts and idling.

Two settings matter besides the URL:

* ``socket_timeout`` must be **longer** than the layer's blocking read (``brpop_timeout``,
  5 s in both layers). redis-py's default socket timeout is also 5 s, so an idle connection's
  blocking read raced the socket timeout: every idle receive failed with a timeout, was
  logged and retried. :func:`resilient_redis_host` sets it to the blocking read plus a margin.
* a ``retry`` on connection errors, so the first command on a pooled connection that went
  stale during a Redis restart reconnects instead of failing.

Requires ``redis`` (installed with ``channels-redis`` or ``fast-channels[redis]``).
"""

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


__all__ = [
    "BLOCKING_READ_TIMEOUT",
    "CONNECT_TIMEOUT",
    "SOCKET_TIMEOUT_MARGIN",
    "resilient_redis_host",
]
