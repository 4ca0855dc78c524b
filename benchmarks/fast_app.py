"""The FastAPI side: a hand-written fast-channels consumer, chanx on fast-channels, Starlette.

Routes: ``/fast/raw/`` (fast-channels ``AsyncJsonWebsocketConsumer``), ``/fast/chanx/``
(chanx's fast-channels adapter), ``/fast/starlette/`` (a plain Starlette endpoint) and
``/fast/bare/`` (the bare ASGI echo, mounted in the same application). Both
consumers use the same in-memory channel layer, so both wait on the socket and the layer.
"""

from typing import Any

from fast_channels.consumer import AsyncJsonWebsocketConsumer as FastJsonConsumer
from fastapi import FastAPI
from starlette.routing import WebSocketRoute

from benchmarks.bare import BareEchoApp, starlette_echo
from benchmarks.consumers import Bulk, BulkReply, Echo, EchoReply
from chanx.core.decorators import ws_handler
from chanx.ext.fast_channels.layers import DEFAULT_CHANNEL_LAYER_ALIAS, ensure_default_layer
from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer as ChanxFastConsumer


class FastRawConsumer(FastJsonConsumer):
    """Hand-written fast-channels consumer: ``json.loads``, ``if action``, ``json.dumps``."""

    channel_layer_alias = DEFAULT_CHANNEL_LAYER_ALIAS

    async def connect(self) -> None:
        await self.accept()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "echo":
            await self.send_json({"action": "echo_reply", "payload": content["payload"]})
        elif action == "bulk":
            await self.send_json({"action": "bulk_reply", "payload": content["payload"]})
        else:
            await self.send_json({"action": "error", "payload": {"detail": "unknown action"}})


class FastChanxConsumer(ChanxFastConsumer):
    """chanx on fast-channels, message logging on (filtered out by the logging config)."""

    log_websocket_message = True

    @ws_handler
    async def echo(self, message: Echo) -> EchoReply:
        return EchoReply(payload=message.payload)

    @ws_handler
    async def bulk(self, message: Bulk) -> BulkReply:
        return BulkReply(payload=message.payload)


class FastChanxFrameworkLoopConsumer(FastChanxConsumer):
    """``fast/chanx`` served by fast-channels' own loop (a task and a wait per message)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await FastJsonConsumer.__call__(self, scope, receive, send)
        finally:
            await self._pipeline.cancel_all()


ensure_default_layer()
application = FastAPI(
    routes=[
        WebSocketRoute("/fast/raw/", FastRawConsumer.as_asgi()),
        WebSocketRoute("/fast/chanx/", FastChanxConsumer.as_asgi()),
        WebSocketRoute("/fast/starlette/", starlette_echo),
        WebSocketRoute("/fast/bare/", BareEchoApp()),
        WebSocketRoute("/fast/chanx-framework-loop/", FastChanxFrameworkLoopConsumer.as_asgi()),
    ]
)
