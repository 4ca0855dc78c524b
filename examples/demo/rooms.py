"""The demo's rooms: one topic per room, many rooms over one connection.

Each room keeps its last lines (a reconnecting page gets what it missed) and knows who is
in it (presence, pushed as people join and leave), on every process sharing the channel
layer: the in-memory layer by default, Redis with ``--redis URL``.
"""

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.topic import Topic
from examples.demo.messages import LinePosted, PostedLine, RoomNotice, Say

ROOM_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,29}")
VISITOR_NAME = re.compile(r"[\w .-]{1,40}")


def visitor_name(scope: Any) -> str:
    """The name the page gave in its WebSocket URL (``?name=``), or ``guest``."""
    query = parse_qs((scope.get("query_string") or b"").decode("utf-8", "replace"))
    name = (query.get("name") or [""])[0].strip()
    return name if VISITOR_NAME.fullmatch(name) else "guest"


class RoomTopic(Topic):
    """A chat room: its lines, who is here, and the recent lines for reconnecting pages."""

    pattern = "room:{name}"
    history_size = 200  # the newest 200 lines ...
    history_ttl = 3600.0  # ... for up to an hour: enough to come back after closing the lid
    track_presence = True
    presence_pushes = True
    passthrough_events = [RoomNotice]  # notices from plain Django views, pushed as they are

    async def authorize(self, **params: str) -> bool:
        """Room names are short, lower-case words: ``lobby``, ``python``, ``team-42``."""
        return ROOM_NAME.fullmatch(params["name"]) is not None

    async def presence_info(self) -> dict[str, Any]:
        return {"name": visitor_name(self.scope)}

    @ws_handler(summary="Say a line in the room", output_type=LinePosted)
    async def say(self, message: Say) -> None:
        line = PostedLine(
            name=visitor_name(self.scope),
            text=message.payload.text,
            at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        await RoomTopic.broadcast(self.topic, LinePosted(payload=line))

    @event_handler(summary="A line said in the room, pushed to everyone in it")
    async def line_posted(self, event: LinePosted) -> LinePosted:
        return event
