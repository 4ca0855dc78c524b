"""Django settings fragment: every process (daphne/uvicorn, workers, scripts) uses the same layer."""

import os

from examples.deploy.redis_hosts import resilient_redis_host

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "chanx.channels.layers.RedisChannelLayer",
        "CONFIG": {
            "hosts": [resilient_redis_host(REDIS_URL)],
            # Same prefix in every process of one deployment; another prefix = another world.
            "prefix": os.environ.get("CHANNELS_PREFIX", "myapp"),
            "capacity": 100,  # messages buffered per channel before the oldest is dropped
            "expiry": 60,  # seconds an undelivered message lives
        },
    }
}

CHANX = {
    "MAX_CONCURRENT_MESSAGES": 32,
    "MAX_MESSAGE_SIZE": 1_048_576,
    "RATE_LIMIT_MESSAGES": 0,
}
