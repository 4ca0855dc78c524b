"""fast-channels' Redis layer, with connection pools that wait for a free connection.

:func:`chanx.fast_channels.layers.create_redis_layer` and ``register_redis_layer`` build it.
It is fast-channels' ``RedisChannelLayer`` in every respect except its pools
(:func:`chanx.core.redis.pools.redis_pool`): a burst of group joins or sends beyond the
pool's size waits up to ``pool_timeout`` seconds for a connection instead of failing at once
with ``Too many connections``. Each host entry may set ``max_connections`` (default 100)
and ``pool_timeout`` (default 5 s). Requires ``fast-channels[redis]``.
"""

from typing import Any

from fast_channels.layers.redis import RedisChannelLayer as FastChannelsRedisChannelLayer

from chanx.core.redis.pools import redis_pool


class RedisChannelLayer(FastChannelsRedisChannelLayer):
    """fast-channels' layer whose pools wait for a free connection (see the module doc)."""

    def create_pool(self, index: int) -> Any:
        """The pool of host ``index``: waits up to ``pool_timeout`` for a free connection."""
        return redis_pool(self.hosts[index])


__all__ = ["RedisChannelLayer"]
