"""A discussion board written as a chanx 2.x program: a consumer hosting a topic, and a route
dedicated to the topic. Served by uvicorn (``app``) for the wire transcript test, and built
per adapter for the in-process one (``build``). ``WIRE_COMPLETION=1`` turns the consumers'
``send_completion`` on (it must not change what topic paths send)."""

import os
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from channels.routing import URLRouter
from fastapi import FastAPI

from chanx.channels.routing import path
from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class PostComment(BaseMessage):
    action: Literal["post_comment"] = "post_comment"
    payload: str


class CommentAdded(BaseMessage):
    action: Literal["comment_added"] = "comment_added"
    payload: str


class Reply(BaseMessage):
    action: Literal["reply"] = "reply"
    payload: str


@cache
def build(base: type[Any], completion: bool) -> SimpleNamespace:
    """The board on ``base`` (an adapter's consumer), with the consumers' completion setting."""

    class DiscussionTopic(Topic):
        pattern = "discussion:{id}"

        async def authorize(self, **params: str) -> bool:
            return params["id"].isdigit()

        @ws_handler
        async def post_comment(self, message: PostComment) -> Reply:
            await DiscussionTopic.broadcast(self.topic, CommentAdded(payload=message.payload))
            return Reply(payload="posted " + message.payload)

        @event_handler
        async def comment_added(self, event: CommentAdded) -> CommentAdded:
            return event

    @channel(name="discussions")
    class DiscussionConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = completion
        topics = [DiscussionTopic]

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    dedicated = DiscussionTopic.as_consumer(base)
    dedicated.send_completion = completion
    if base.__module__.startswith("chanx.channels"):
        application: Any = URLRouter(
            [
                path("ws/discussions", DiscussionConsumer.as_asgi()),
                path("ws/discussions/<str:id>", dedicated.as_asgi()),
            ]
        )
    else:
        application = FastAPI()
        application.router.add_websocket_route("/ws/discussions", DiscussionConsumer.as_asgi())
        application.router.add_websocket_route("/ws/discussions/{id}", dedicated.as_asgi())
    return SimpleNamespace(
        Topic=DiscussionTopic,
        Consumer=DiscussionConsumer,
        Dedicated=dedicated,
        application=application,
    )


def fastapi_app() -> FastAPI:
    """The FastAPI server of the wire test: the board plus an HTTP route that publishes."""
    from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer

    board = build(AsyncJsonWebsocketConsumer, os.environ.get("WIRE_COMPLETION") == "1")
    served = FastAPI()

    @served.post("/discussions/{id}/announce")
    async def announce(id: int, text: str, seq: int | None = None) -> dict[str, bool]:
        await board.Topic.broadcast(f"discussion:{id}", CommentAdded(payload=text), seq=seq)
        return {"sent": True}

    served.mount("/", board.application)
    return served
