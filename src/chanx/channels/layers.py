"""The channels-redis layer, with connection pools that wait for a free connection.

Use it as the ``BACKEND`` of a Redis channel layer (``"chanx.channels.layers.RedisChannelLayer"``).
It is channels-redis' ``RedisChannelLayer`` in every respect except its pools
(:func:`chanx.core.redis.pools.redis_pool`): a burst of group joins or sends beyond the
pool's size waits up to ``pool_timeout`` seconds for a connection instead of failing at once
with ``Too many connections``. Each host entry may set ``max_connections`` (default 100)
and ``pool_timeout`` (default 5 s). Requires ``channels-redis``.
"""

from typing import Any

from channels_redis.core import RedisChannelLayer as ChannelsRedisChannelLayer

from chanx.core.redis.pools import redis_pool


class RedisChannelLayer(ChannelsRedisChannelLayer):
    """channels-redis' layer whose pools wait for a free connection (see the module doc)."""

    def create_pool(self, index: int) -> Any:
        """The pool of host ``index``: waits up to ``pool_timeout`` for a free connection."""
        return redis_pool(self.hosts[index])


__all__ = ["RedisChannelLayer"]
