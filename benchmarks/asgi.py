"""ASGI application serving every contender, used in-process and by the uvicorn server.

Django Channels routes: ``raw/`` and ``chanx/`` (echo), ``raw-lean/`` (raw with chanx's
database clean-up shortcut), ``chanx-default/`` (chanx with default settings: message
logging on), ``chanx-framework-loop/`` (chanx served by Channels' own dispatch loop),
``{raw,chanx}/fan/<group>/`` (fan-out member), ``{raw,chanx}/send/<target>/``
(fan-out sender); ``redis/`` prefixes use the Redis layer; ``push/{flush,noflush}/`` reply
with an explicit ``send_message`` with ``send_message_immediately`` on/off
(``benchmarks.flush_cost``). ``fast/...`` is the FastAPI application
(``benchmarks.fast_app``) and ``bare/`` the bare ASGI echo (``benchmarks.bare``); ``topics/`` serves the echo as a topic action
(``benchmarks.topic_cost``); ``fleet/{raw,raw-lean,chanx}/`` are the topic fan-out contenders
over the Redis layer (``benchmarks.fleet``).
"""

from typing import Any

from benchmarks._django import setup

setup()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from benchmarks.bare import bare_echo  # noqa: E402
from benchmarks.consumers import (  # noqa: E402
    ChanxConsumer,
    ChanxDefaultConsumer,
    ChanxFleetConsumer,
    ChanxFrameworkLoopConsumer,
    ChanxPushConsumer,
    ChanxPushNoFlushConsumer,
    ChanxRedisConsumer,
    ChanxTopicConsumer,
    RawConsumer,
    RawFleetConsumer,
    RawLeanConsumer,
    RawLeanFleetConsumer,
    RawRedisConsumer,
)
from benchmarks.fast_app import application as fast_application  # noqa: E402


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
        path("raw-lean/", RawLeanConsumer.as_asgi()),
        path("chanx-default/", ChanxDefaultConsumer.as_asgi()),
        path("chanx-framework-loop/", ChanxFrameworkLoopConsumer.as_asgi()),
        *_routes("redis/raw", RawRedisConsumer),
        *_routes("redis/chanx", ChanxRedisConsumer),
        *_routes("push/flush", ChanxPushConsumer),
        *_routes("push/noflush", ChanxPushNoFlushConsumer),
        path("fleet/raw/", RawFleetConsumer.as_asgi()),
        path("fleet/raw-lean/", RawLeanFleetConsumer.as_asgi()),
        path("fleet/chanx/", ChanxFleetConsumer.as_asgi()),
    ]
)
django_application = ProtocolTypeRouter({"websocket": websocket_routes})


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Route by path prefix (once per connection): FastAPI, bare ASGI, or Django Channels."""
    route = scope.get("path", "")
    if route.startswith("/fast/"):
        await fast_application(scope, receive, send)
    elif route.startswith("/bare/"):
        await bare_echo(scope, receive, send)
    else:
        await django_application(scope, receive, send)
