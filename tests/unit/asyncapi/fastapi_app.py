"""FastAPI and Starlette apps for the fast-channels AsyncAPI tests."""

from typing import Any, Literal

from fastapi import FastAPI, Request, WebSocket
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.fast_channels import asyncapi_docs, asyncapi_spec_json, asyncapi_spec_yaml
from chanx.fast_channels.type_defs import AsyncAPIConfig
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class RoomMessage(BaseMessage):
    """A message posted to a room."""

    action: Literal["room_message"] = "room_message"
    payload: str


class RoomAnnouncement(BaseMessage):
    action: Literal["room_announcement"] = "room_announcement"
    payload: str


@channel(name="room_chat", description="Chat in a room", tags=["rooms"])
class RoomChatConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler(summary="Post to the room")
    async def post(self, message: RoomMessage) -> RoomMessage:
        return message

    @event_handler(summary="Announce to everyone")
    async def announce(self, event: RoomAnnouncement) -> RoomAnnouncement:
        return event


class ItemConsumer(AsyncJsonWebsocketConsumer):
    """Typed path parameter."""

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


async def plain_endpoint(websocket: WebSocket) -> None:
    """A FastAPI WebSocket endpoint that is not a chanx consumer."""
    await websocket.close()


def build_fastapi_app(config: AsyncAPIConfig | None = None) -> FastAPI:
    """An app mounting a sub-app of consumers, with the three AsyncAPI endpoints."""
    app = FastAPI(title="Chat Service", version="2.1.0", description="Rooms — «live»")
    ws = FastAPI()
    ws.router.add_websocket_route("/room/{room_name}", RoomChatConsumer.as_asgi())
    ws.router.add_websocket_route("/item/{item_id:int}", ItemConsumer.as_asgi())
    ws.router.add_api_websocket_route("/plain", plain_endpoint)
    app.mount("/ws", ws)
    app.mount("/static", StaticFiles(directory=".", check_dir=False))

    @app.get("/asyncapi.json")
    async def spec_json(request: Request) -> Response:
        return await asyncapi_spec_json(request, app, config)

    @app.get("/asyncapi.yaml")
    async def spec_yaml(request: Request) -> Response:
        return await asyncapi_spec_yaml(request, app, config)

    @app.get("/asyncapi")
    async def docs(request: Request) -> Response:
        return await asyncapi_docs(request, app, config)

    return app


def build_starlette_app() -> Starlette:
    """A bare Starlette app (no title/version/description attributes)."""

    async def docs(request: Any) -> Response:
        return await asyncapi_docs(request, app)

    async def spec(request: Any) -> Response:
        return await asyncapi_spec_json(request, app)

    app = Starlette(
        routes=[
            WebSocketRoute("/items/{item_id}", ItemConsumer.as_asgi()),
            Mount(
                "/nested", routes=[WebSocketRoute("/room/{room_name}", RoomChatConsumer.as_asgi())]
            ),
            Route("/asyncapi", docs),
            Route("/asyncapi.json", spec),
        ]
    )
    return app
