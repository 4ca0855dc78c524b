"""A Redis host entry that survives a Redis restart (docs/deploy.md)."""

from typing import Any

from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError


def resilient_redis_host(url: str) -> dict[str, Any]:
    """A ``hosts`` entry for channels-redis / fast-channels' ``RedisChannelLayer``.

    Pooled connections go stale when Redis restarts; retrying a command on a connection error
    reconnects instead of failing the first command on every stale connection.
    """
    return {
        "address": url,
        "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), retries=3),
        "retry_on_error": [ConnectionError, TimeoutError],
    }
