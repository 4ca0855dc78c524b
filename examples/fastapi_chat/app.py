"""The FastAPI application: HTTP routes plus the WebSocket sub-app mounted at ``/ws``."""

from fastapi import FastAPI, HTTPException, Request, Response
from pydantic import BaseModel

from chanx.fast_channels import asyncapi_docs, asyncapi_spec_json, asyncapi_spec_yaml
from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.layers import configure_channel_layer
from examples.fastapi_chat.messages import Announce


class AnnounceBody(BaseModel):
    text: str


class AnnounceResult(BaseModel):
    room: str
    group: str


def create_app() -> FastAPI:
    """Build the app; registers the Redis layer when ``CHANX_REDIS_URL`` is set."""
    layer_kind = configure_channel_layer()
    app = FastAPI(title="FastAPI chat", version="1.0.0", description="chanx example")

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "layer": layer_kind}

    @app.post("/rooms/{room}/announce")
    async def announce(room: str, body: AnnounceBody) -> AnnounceResult:
        """Broadcast a typed event to every client in ``room``."""
        group = ChatConsumer.room_group(room)
        try:
            await ChatConsumer.broadcast_event(Announce(payload=body.text), group)
        except Exception as exc:  # channel layer unreachable (e.g. a Redis outage)
            raise HTTPException(503, "channel layer unavailable; retry later") from exc
        return AnnounceResult(room=room, group=group)

    @app.get("/asyncapi.json")
    async def asyncapi_json(request: Request) -> Response:
        """The AsyncAPI 3.0 document of the app's WebSocket consumers."""
        return await asyncapi_spec_json(request, app)

    @app.get("/asyncapi.yaml")
    async def asyncapi_yaml(request: Request) -> Response:
        return await asyncapi_spec_yaml(request, app)

    @app.get("/asyncapi")
    async def asyncapi_page(request: Request) -> Response:
        """Interactive docs page (the viewer is served by the app itself, no CDN)."""
        return await asyncapi_docs(request, app)

    ws = FastAPI()
    ws.router.add_websocket_route("/chat/{room}", ChatConsumer.as_asgi())
    app.mount("/ws", ws)
    return app
