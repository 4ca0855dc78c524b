"""A Redis host entry that survives a Redis restart and never times out idle (docs/deploy.md)."""

from typing import Any

from chanx.core.redis_hosts import resilient_redis_host as chanx_redis_host


def resilient_redis_host(url: str) -> dict[str, Any]:
    """A ``hosts`` entry for channels-redis / fast-channels' ``RedisChannelLayer``.

    Retries a command on a connection error (pooled connections go stale when Redis
    restarts), and sets ``socket_timeout`` above the layer's 5 s blocking read so an idle
    connection's read never times out.
    """
    return chanx_redis_host(url)
