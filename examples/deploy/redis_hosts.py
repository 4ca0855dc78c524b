"""A Redis host entry that survives a Redis restart and never times out idle (docs/deploy.md)."""

from chanx.core.redis.hosts import resilient_redis_host

__all__ = ["resilient_redis_host"]
