"""Topic consumers of the behaviour suite, built once per adapter from one definition.

A discussion board: ``discussion:{pk}`` topics with a reply, a publication and hooks;
``secret:{name}`` topics only ``secret:open`` may join; a consumer serving one topic per
URL (``Topic.as_consumer``), routed through each framework's own router.
"""

import asyncio
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from channels.routing import URLRouter
from fastapi import FastAPI

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.topic import Topic
from chanx.ext.channels.routing import path
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class PostComment(BaseMessage):
    action: Literal["post_comment"] = "post_comment"
    payload: str


class CommentAccepted(BaseMessage):
    action: Literal["comment_accepted"] = "comment_accepted"
    payload: str


class NewComment(BaseMessage):
    """Published to a discussion's subscribers."""

    action: Literal["new_comment"] = "new_comment"
    payload: str


class CommentPosted(BaseMessage):
    action: Literal["comment_posted"] = "comment_posted"
    payload: str


class Unhandled(BaseMessage):
    """An event no topic handles."""

    action: Literal["unhandled"] = "unhandled"
    payload: None = None


class Welcome(BaseMessage):
    action: Literal["welcome"] = "welcome"
    payload: str


class Explode(BaseMessage):
    action: Literal["explode"] = "explode"
    payload: None = None


class Wait(BaseMessage):
    action: Literal["wait"] = "wait"
    payload: float


class Waited(BaseMessage):
    action: Literal["waited"] = "waited"
    payload: float


class Peek(BaseMessage):
    action: Literal["peek"] = "peek"
    payload: None = None


class Peeked(BaseMessage):
    action: Literal["peeked"] = "peeked"
    payload: str


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The topic consumers on ``base`` (an adapter's AsyncJsonWebsocketConsumer)."""
    # What the hooks and handlers did, for the tests to inspect (cleared by each test).
    journal: list[tuple[str, str]] = []

    class DiscussionTopic(Topic):
        pattern = "discussion:{pk}"
        extra_outputs = [Welcome]

        @ws_handler
        async def post_comment(self, message: PostComment) -> CommentAccepted:
            await type(self).broadcast(self.topic, NewComment(payload=message.payload), seq=7)
            return CommentAccepted(payload=message.payload)

        @ws_handler
        async def explode(self, message: Explode) -> None:
            raise RuntimeError("secret internal detail")

        @ws_handler
        async def wait(self, message: Wait) -> Waited:
            await asyncio.sleep(message.payload)
            return Waited(payload=message.payload)

        @event_handler
        async def new_comment(self, event: NewComment) -> CommentPosted:
            return CommentPosted(payload=event.payload)

        async def on_subscribe(self) -> None:
            journal.append(("subscribed", self.topic))
            await self.send_message(Welcome(payload=self.params["pk"]))

        async def on_unsubscribe(self) -> None:
            journal.append(("unsubscribed", self.topic))

    class SecretTopic(Topic):
        pattern = "secret:{name}"

        async def authorize(self, **params: str) -> bool:
            journal.append(("authorize", self.topic))
            return params["name"] == "open"

        @ws_handler
        async def peek(self, message: Peek) -> Peeked:
            journal.append(("peek", self.topic))
            return Peeked(payload=self.topic)

    class BoardConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True
        topics = [DiscussionTopic, SecretTopic]

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    class SmallBoardConsumer(BoardConsumer):
        max_subscriptions = 2

    class ConcurrentBoardConsumer(BoardConsumer):
        max_concurrent_messages = 8

    class CamelBoardConsumer(BoardConsumer):
        camelize = True

    Discussion = DiscussionTopic.as_consumer(
        base, channel_layer_alias="default", send_completion=True
    )
    Secret = SecretTopic.as_consumer(base, channel_layer_alias="default", send_completion=True)

    if base.__module__.startswith("chanx.channels"):
        application: Any = URLRouter(
            [
                path("ws/discussion/<str:pk>/", Discussion.as_asgi()),
                path("ws/secret/<str:name>/", Secret.as_asgi()),
            ]
        )
    else:
        application = FastAPI()
        application.router.add_websocket_route("/ws/discussion/{pk}/", Discussion.as_asgi())
        application.router.add_websocket_route("/ws/secret/{name}/", Secret.as_asgi())

    return SimpleNamespace(
        DiscussionTopic=DiscussionTopic,
        SecretTopic=SecretTopic,
        Board=BoardConsumer,
        SmallBoard=SmallBoardConsumer,
        ConcurrentBoard=ConcurrentBoardConsumer,
        CamelBoard=CamelBoardConsumer,
        Discussion=Discussion,
        Secret=Secret,
        application=application,
        journal=journal,
    )
