"""Live comments for the multi-process history and presence tests.

``live:{pk}`` keeps 5,000 publications and answers ``publish_many`` (publish N comments from
this process); ``who:{pk}`` tracks presence with join/leave pushes and a short expiry
(``PRESENCE_TTL`` seconds, env ``CHANX_TEST_PRESENCE_TTL``, default 1.5).
"""

import os
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal
from urllib.parse import parse_qs

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage

PRESENCE_TTL = float(os.environ.get("CHANX_TEST_PRESENCE_TTL", "1.5"))


class PublishMany(BaseMessage):
    """Publish ``payload`` numbered comments (``<prefix>-<n>``) to this topic."""

    action: Literal["publish_many"] = "publish_many"
    payload: dict[str, Any]


class Published(BaseMessage):
    action: Literal["published"] = "published"
    payload: list[int]


class LiveComment(BaseMessage):
    action: Literal["live_comment"] = "live_comment"
    payload: str


class LiveCommentPushed(BaseMessage):
    action: Literal["live_comment_pushed"] = "live_comment_pushed"
    payload: str


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The live-comments consumer on ``base``."""

    class LiveTopic(Topic):
        pattern = "live:{pk}"
        history_size = 5000
        history_ttl = 600.0

        @ws_handler
        async def publish_many(self, message: PublishMany) -> Published:
            offsets = []
            for n in range(int(message.payload["count"])):
                text = f"{message.payload['prefix']}-{n}"
                offset = await type(self).broadcast(self.topic, LiveComment(payload=text))
                offsets.append(offset or 0)
            return Published(payload=[offsets[0], offsets[-1]] if offsets else [])

        @event_handler
        async def live_comment(self, event: LiveComment) -> LiveCommentPushed:
            return LiveCommentPushed(payload=event.payload)

    class WhoTopic(Topic):
        pattern = "who:{pk}"
        track_presence = True
        presence_pushes = True
        presence_ttl = PRESENCE_TTL

        async def presence_info(self) -> dict[str, Any]:
            query = self.scope.get("query_string", b"")
            text = query.decode() if isinstance(query, bytes) else str(query)
            return {"name": parse_qs(text).get("name", ["?"])[0], "pid": os.getpid()}

    class LiveConsumer(base):  # type: ignore[misc]
        topics = [LiveTopic, WhoTopic]
        max_concurrent_messages = 1

    return SimpleNamespace(LiveTopic=LiveTopic, WhoTopic=WhoTopic, Live=LiveConsumer)
