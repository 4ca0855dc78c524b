"""Django settings fragment for Redis Sentinel: the same layer, its primary found by Sentinel."""

import os

from examples.deploy.sentinel import sentinel_host_from_env

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "chanx.channels.layers.RedisChannelLayer",
        "CONFIG": {
            # History and presence follow this entry too: nothing else to configure.
            "hosts": [sentinel_host_from_env()],
            "prefix": os.environ.get("CHANNELS_PREFIX", "myapp"),
            "capacity": 100,
            "expiry": 60,
        },
    }
}

CHANX = {
    "MAX_CONCURRENT_MESSAGES": 32,
    "MAX_MESSAGE_SIZE": 1_048_576,
    "RATE_LIMIT_MESSAGES": 0,
}
