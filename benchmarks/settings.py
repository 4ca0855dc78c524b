"""Django settings used by the benchmark (both consumers share them).

chanx message logging is off (``LOG_WEBSOCKET_MESSAGE=False``) so both sides do the same
work; raw Channels logs nothing either. Redis settings come from ``CHANX_BENCH_REDIS_URL``
(default ``redis://127.0.0.1:6379/0``) with a per-process key prefix, so runs never clash;
``CHANX_BENCH_REDIS_PREFIX`` replaces that prefix, for server processes that must share one
layer (``benchmarks.fleet``).
"""

import os
from typing import Any

SECRET_KEY = "chanx-benchmark-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "channels",
    "chanx.ext.channels",
]
DATABASES: dict[str, object] = {}
REDIS_URL = os.environ.get("CHANX_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
    "redis": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # redis-py's default socket timeout (5 s) equals channels-redis' blocking-pop
            # timeout (5 s): on a busy event loop the read times out just as Redis answers
            # "nothing yet", and the consumer waiting on the layer dies. A longer read
            # timeout keeps the idle wait a wait (``benchmarks.fleet``: 2,500 connections
            # per process).
            "hosts": [{"address": REDIS_URL, "max_connections": 256, "socket_timeout": 30}],
            "prefix": os.environ.get("CHANX_BENCH_REDIS_PREFIX", f"chanxbench{os.getpid()}"),
        },
    },
}
CHANX = {
    "LOG_WEBSOCKET_MESSAGE": False,
    "SEND_COMPLETION": False,
}
