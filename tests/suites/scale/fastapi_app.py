"""FastAPI application of the fast-channels scale server, on the docs' Redis layer setup (the
Sentinel one when ``REDIS_SENTINELS`` is set)."""

import os

from examples.deploy.fastapi_layer import (
    register_redis_layer_from_env,
    register_sentinel_layer_from_env,
)
from fastapi import FastAPI
from starlette.routing import WebSocketRoute

from chanx.fast_channels.metrics import metrics_endpoint
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from tests.suites.scale import observed
from tests.suites.scale.consumers import build
from tests.suites.scale.logs import plain_tracebacks_from_env

plain_tracebacks_from_env()

if os.environ.get("REDIS_SENTINELS"):
    register_sentinel_layer_from_env()
else:
    register_redis_layer_from_env()
observed.configure()
consumers = build(AsyncJsonWebsocketConsumer)
ScaleConsumer = consumers.Scale
app = FastAPI(
    routes=[
        WebSocketRoute("/ws/scale/", ScaleConsumer.as_asgi()),
        WebSocketRoute("/ws/ordered/", consumers.Ordered.as_asgi()),
        WebSocketRoute("/ws/guarded/", consumers.Guarded.as_asgi()),
        WebSocketRoute("/ws/board/", consumers.Board.as_asgi()),
        WebSocketRoute("/ws/discussion/{pk}/", consumers.Discussion.as_asgi()),
        WebSocketRoute("/ws/live/", consumers.Live.as_asgi()),
    ]
)
app.add_api_route("/metrics", metrics_endpoint)


@app.get("/notify")
async def notify(text: str) -> dict[str, str]:
    """Broadcast ``Notify(text)`` to the room (``tests.suites.scale.observed``)."""
    await observed.notify(ScaleConsumer, text)
    return {"sent": text}
