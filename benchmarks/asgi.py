"""ASGI application serving both contestants, used in-process and by the uvicorn server.

Routes: ``raw/`` and ``chanx/`` (echo), ``{raw,chanx}/fan/<group>/`` (fan-out member),
``{raw,chanx}/send/<target>/`` (fan-out sender); ``redis/`` prefixes use the Redis layer; ``push/{flush,noflush}/`` reply with an explicit
``send_message`` with ``send_message_immediately`` on/off (``benchmarks.flush_cost``);
``topics/`` serves the echo as a topic action (``benchmarks.topic_cost``).
"""

from benchmarks._django import setup

setup()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from benchmarks.consumers import (  # noqa: E402
    ChanxConsumer,
    ChanxPushConsumer,
    ChanxPushNoFlushConsumer,
    ChanxRedisConsumer,
    ChanxTopicConsumer,
    RawConsumer,
    RawRedisConsumer,
)


def _routes(prefix: str, consumer: type) -> list[object]:
    app = consumer.as_asgi()  # type: ignore[attr-defined]
    return [
        path(f"{prefix}/", app),
        path(f"{prefix}/fan/<str:group>/", app),
        path(f"{prefix}/send/<str:target>/", app),
    ]


websocket_routes = URLRouter(
    [
        *_routes("raw", RawConsumer),
        *_routes("chanx", ChanxConsumer),
        *_routes("topics", ChanxTopicConsumer),
        *_routes("redis/raw", RawRedisConsumer),
        *_routes("redis/chanx", ChanxRedisConsumer),
        *_routes("push/flush", ChanxPushConsumer),
        *_routes("push/noflush", ChanxPushNoFlushConsumer),
    ]
)
application = ProtocolTypeRouter({"websocket": websocket_routes})
