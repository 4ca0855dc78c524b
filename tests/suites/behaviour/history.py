"""History and presence topics of the behaviour suite, built once per adapter.

``comments:{pk}`` keeps the newest 20 publications, ``tiny:{pk}`` only 3, ``plain:{pk}``
none; ``room:{pk}`` tracks presence with join/leave pushes (member info: the ``name`` query
parameter).
"""

from functools import cache
from types import SimpleNamespace
from typing import Any, Literal
from urllib.parse import parse_qs

from channels.routing import URLRouter
from fastapi import FastAPI

from chanx.core.decorators import event_handler
from chanx.core.topic import Topic
from chanx.ext.channels.routing import path
from chanx.messages.base import BaseMessage


class NewComment(BaseMessage):
    action: Literal["new_comment"] = "new_comment"
    payload: str


class CommentPosted(BaseMessage):
    action: Literal["comment_posted"] = "comment_posted"
    payload: str


def query_name(scope: Any) -> str:
    query = scope.get("query_string", b"")
    query = query.decode() if isinstance(query, bytes) else str(query)
    return parse_qs(query).get("name", ["anonymous"])[0]


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The history consumers on ``base`` (an adapter's chanx consumer base)."""

    class CommentsTopic(Topic):
        pattern = "comments:{pk}"
        history_size = 20
        history_ttl = None

        @event_handler
        async def new_comment(self, event: NewComment) -> CommentPosted:
            return CommentPosted(payload=event.payload)

    class RoomTopic(Topic):
        pattern = "room:{pk}"
        track_presence = True
        presence_pushes = True

        async def presence_info(self) -> dict[str, Any]:
            return {"name": query_name(self.scope)}

    class TinyTopic(Topic):
        pattern = "tiny:{pk}"
        history_size = 3

        @event_handler
        async def new_comment(self, event: NewComment) -> CommentPosted:
            return CommentPosted(payload=event.payload)

    class PlainTopic(Topic):
        pattern = "plain:{pk}"

        @event_handler
        async def new_comment(self, event: NewComment) -> CommentPosted:
            return CommentPosted(payload=event.payload)

    class CommentsConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        topics = [CommentsTopic, TinyTopic, PlainTopic, RoomTopic]

    Room = RoomTopic.as_consumer(base, channel_layer_alias="default")
    if base.__module__.startswith("chanx.channels"):
        application: Any = URLRouter([path("ws/room/<str:pk>/", Room.as_asgi())])
    else:
        application = FastAPI()
        application.router.add_websocket_route("/ws/room/{pk}/", Room.as_asgi())

    return SimpleNamespace(
        Room=Room,
        application=application,
        CommentsTopic=CommentsTopic,
        TinyTopic=TinyTopic,
        PlainTopic=PlainTopic,
        RoomTopic=RoomTopic,
        Consumer=CommentsConsumer,
    )
