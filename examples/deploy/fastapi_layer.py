"""FastAPI / fast-channels: register the shared Redis layer once per process, at import time."""

import os

from fast_channels.layers import register_channel_layer

from chanx.fast_channels.redis_layer import RedisChannelLayer
from examples.deploy.redis_hosts import resilient_redis_host
from examples.deploy.sentinel import sentinel_host_from_env


def register_redis_layer_from_env() -> None:
    """Register the ``default`` layer every chanx consumer of this process uses."""
    layer = RedisChannelLayer(
        hosts=[resilient_redis_host(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))],
        prefix=os.environ.get("CHANNELS_PREFIX", "myapp"),
    )
    register_channel_layer("default", layer)


def register_sentinel_layer_from_env() -> None:
    """The same ``default`` layer on the primary that Redis Sentinel names."""
    layer = RedisChannelLayer(
        hosts=[sentinel_host_from_env()],
        prefix=os.environ.get("CHANNELS_PREFIX", "myapp"),
    )
    register_channel_layer("default", layer)
