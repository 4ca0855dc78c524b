"""Settings of the chanx demo: one Django project, no database.

The channel layer is in memory (one process) unless ``CHANX_DEMO_REDIS_URL`` names a Redis
(``--redis URL``): then demo processes sharing that Redis share rooms, history and presence.
"""

import os

from chanx.core.redis.hosts import resilient_redis_host

SECRET_KEY = "chanx-demo-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
USE_TZ = True
ROOT_URLCONF = "examples.demo.urls"
ASGI_APPLICATION = "examples.demo.asgi.application"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "channels",
    "chanx.channels",
    "examples.demo",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
REDIS_URL = os.environ.get("CHANX_DEMO_REDIS_URL", "")
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [resilient_redis_host(REDIS_URL)],
                "prefix": os.environ.get("CHANX_DEMO_REDIS_PREFIX", "chanx-demo"),
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {},
    }
]
CHANX = {
    "LOG_WEBSOCKET_MESSAGE": False,
    "ASYNCAPI_TITLE": "chanx demo chat",
    "ASYNCAPI_DESCRIPTION": "Rooms as topics over one connection (lines, presence, history "
    "and recovery), a chat room per URL, and server notices.",
    # chanx's Prometheus metrics, served at /metrics (docs/observability.md).
    "OBSERVABILITY": {"METRICS": True},
}
