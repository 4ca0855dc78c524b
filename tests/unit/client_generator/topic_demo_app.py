"""A FastAPI app whose consumer serves a topic, for the typed topic client round trip."""

import asyncio
from typing import Literal

from fastapi import FastAPI, Request, Response

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.topic import Topic
from chanx.ext.fast_channels import asyncapi_spec_json
from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Note(BaseMessage):
    action: Literal["note"] = "note"
    payload: str


class NoteSaved(BaseMessage):
    action: Literal["note_saved"] = "note_saved"
    payload: str


class NoteAdded(BaseMessage):
    action: Literal["note_added"] = "note_added"
    payload: str


class Drop(BaseMessage):
    """Asks the server to close the connection as if it restarted (code 1012)."""

    action: Literal["drop"] = "drop"
    payload: None = None


class NotesTopic(Topic):
    """The notes of one board."""

    pattern = "notes:{board}"

    async def authorize(self, **params: str) -> bool:
        return params["board"] != "private"

    @ws_handler
    async def note(self, message: Note) -> NoteSaved:
        await NotesTopic.broadcast(self.topic, NoteAdded(payload=message.payload), seq=1)
        return NoteSaved(payload=message.payload.upper())

    @event_handler
    async def note_added(self, event: NoteAdded) -> NoteAdded:
        return event


class Vanish(BaseMessage):
    """Close this connection (1012), then publish ``payload`` numbered notes to the topic."""

    action: Literal["vanish"] = "vanish"
    payload: int


_BACKGROUND: set[asyncio.Task[None]] = set()


class LiveNotesTopic(Topic):
    """Notes kept in a history (recovered after reconnects), with presence."""

    pattern = "live:{board}"
    history_size = 2000
    track_presence = True
    presence_pushes = True

    async def presence_info(self) -> dict[str, str]:
        return {"board": self.params["board"]}

    @ws_handler
    async def note(self, message: Note) -> NoteSaved:
        await LiveNotesTopic.broadcast(self.topic, NoteAdded(payload=message.payload))
        return NoteSaved(payload=message.payload)

    @ws_handler
    async def vanish(self, message: Vanish) -> None:
        await self.consumer.close(code=1012)
        # Outside this connection's handlers, which end with it.
        task = asyncio.get_running_loop().create_task(self._publish(message.payload))
        _BACKGROUND.add(task)
        task.add_done_callback(_BACKGROUND.discard)

    async def _publish(self, count: int) -> None:
        for n in range(count):
            await LiveNotesTopic.broadcast(self.topic, NoteAdded(payload=f"gap-{n}"))

    @event_handler
    async def note_added(self, event: NoteAdded) -> NoteAdded:
        return event


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """Boards of notes, one topic per board."""

    topics = [NotesTopic, LiveNotesTopic]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def drop(self, message: Drop) -> None:
        await self.close(code=1012)


def create_app() -> FastAPI:
    """``/ws/board`` and the document at ``/asyncapi.json``."""
    app = FastAPI(title="Topic demo", version="0.1.0")

    @app.get("/asyncapi.json")
    async def asyncapi_json(request: Request) -> Response:
        return await asyncapi_spec_json(request, app)

    app.router.add_websocket_route("/ws/board", BoardConsumer.as_asgi())
    return app
