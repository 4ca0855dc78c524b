"""Events pushed from FastAPI routes, async and sync (threadpool), reach connected clients."""

import httpx
from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.messages import Announce, Announcement
from fastapi import FastAPI

from chanx.fast_channels.testing import WebsocketCommunicator


def build_app() -> FastAPI:
    app = FastAPI()

    @app.post("/async/{room}")
    async def announce_async(room: str) -> dict[str, str]:
        await ChatConsumer.broadcast_event(Announce(payload="async"), ChatConsumer.room_group(room))
        return {"via": "async"}

    @app.post("/sync/{room}")
    def announce_sync(room: str) -> dict[str, str]:
        # A plain ``def`` route runs in a worker thread, where the _sync variant is the tool.
        ChatConsumer.broadcast_event_sync(Announce(payload="sync"), ChatConsumer.room_group(room))
        return {"via": "sync"}

    ws = FastAPI()
    ws.router.add_websocket_route("/chat/{room}", ChatConsumer.as_asgi())
    app.mount("/ws", ws)
    return app


async def test_async_and_sync_routes_reach_the_room() -> None:
    app = build_app()
    transport = httpx.ASGITransport(app=app)
    async with (
        WebsocketCommunicator(app, "/ws/chat/ops", consumer=ChatConsumer) as client,
        httpx.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        for via in ("async", "sync"):
            response = await http.post(f"/{via}/ops")
            assert response.json() == {"via": via}
            assert await client.receive_all_messages(stop_action="event_complete", timeout=3) == [
                Announcement(payload=via)
            ]
