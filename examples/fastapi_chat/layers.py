"""Channel-layer choice for the example: Redis when ``CHANX_REDIS_URL`` is set."""

import os

from chanx.fast_channels.layers import register_redis_layer

REDIS_URL_ENV = "CHANX_REDIS_URL"
REDIS_PREFIX_ENV = "CHANX_REDIS_PREFIX"
DEFAULT_PREFIX = "chanx-fastapi-chat"


def configure_channel_layer() -> str:
    """Register the Redis layer as ``"default"`` if configured; return the layer kind.

    Without ``CHANX_REDIS_URL`` nothing is registered and the consumer falls back to a
    process-local in-memory layer on first use.
    """
    url = os.environ.get(REDIS_URL_ENV)
    if not url:
        return "memory"
    register_redis_layer(url, prefix=os.environ.get(REDIS_PREFIX_ENV) or DEFAULT_PREFIX)
    return "redis"
