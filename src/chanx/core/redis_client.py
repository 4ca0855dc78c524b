"""The Redis client of the topic stores: retries a command once a restarted server is back."""

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError


def redis_client(url: str) -> Redis:
    """A client on ``url`` whose pooled connections reconnect after a server restart.

    A command that meets a dropped connection is retried (three times, backing off up to
    half a second), so the first command after a Redis restart succeeds instead of failing.
    """
    return Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
        retry_on_error=[ConnectionError, TimeoutError],
        health_check_interval=30,
    )
