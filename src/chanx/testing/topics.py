"""Topic helpers of the test communicator: subscribe, unsubscribe, addressed sends, pushes.

Each request waits for its own reply (matched by ``ref`` and ``topic``) and, when the consumer
sends completion frames, for its own ``complete``: no helper idles until a timeout. Frames that
arrive meanwhile and belong to something else stay queued, in order, for the other helpers.
"""

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from chanx.constants import COMPLETE_ACTIONS, ENVELOPE_VERSION
from chanx.messages.base import BaseMessage
from chanx.testing.inbox import Inbox, frames_within
from chanx.testing.inbox import strip_envelope_keys as strip_envelope_keys


class TopicCommunicatorMixin:
    """Mixed into ``ChanxCommunicatorMixin``; uses its public frame reader and its inbox."""

    action_key: str
    consumer: Any
    inbox: Inbox

    if TYPE_CHECKING:  # provided by ChanxCommunicatorMixin

        async def send_to(
            self, text_data: str | None = None, bytes_data: bytes | None = None
        ) -> None: ...
        async def next_frame(self) -> dict[str, Any]: ...
        async def next_frame_unless_idle(self) -> dict[str, Any] | None: ...
        @property
        def completion_requested(self) -> bool: ...

    # -- sending ----------------------------------------------------------------------------------
    async def send_message(
        self, message: BaseMessage, *, topic: str | None = None, ref: str | None = None
    ) -> None:
        """Send a typed message; ``topic``/``ref`` add the envelope (with ``version``)."""
        if topic is None and ref is None:
            await self.send_to(text_data=message.model_dump_json())
            return
        frame = message.model_dump(mode="json")
        frame["version"] = ENVELOPE_VERSION
        if topic is not None:
            frame["topic"] = topic
        if ref is not None:
            frame["ref"] = ref
        await self.send_to(text_data=json.dumps(frame))

    async def subscribe(self, topic: str, ref: str = "1", *, timeout: float = 1) -> dict[str, Any]:
        """Subscribe to ``topic``; returns the reply frame (``subscribed`` or ``error``)."""
        return await self._topic_request("subscribe", topic, ref, timeout)

    async def unsubscribe(
        self, topic: str, ref: str = "1", *, timeout: float = 1
    ) -> dict[str, Any]:
        """Leave ``topic``; returns the reply frame (``unsubscribed``)."""
        return await self._topic_request("unsubscribe", topic, ref, timeout)

    async def _topic_request(
        self, action: str, topic: str, ref: str, timeout: float
    ) -> dict[str, Any]:
        await self.send_to(
            text_data=json.dumps(
                {"version": ENVELOPE_VERSION, "topic": topic, "ref": ref, self.action_key: action}
            )
        )
        return await self.receive_reply(ref, topic=topic, timeout=timeout)

    # -- receiving ----------------------------------------------------------------------------------
    async def receive_reply(
        self, ref: str, *, topic: str | None = None, timeout: float = 1
    ) -> dict[str, Any]:
        """The reply frame carrying ``ref`` (and ``topic``); its ``complete`` is consumed too.

        Other frames are left queued. ``AssertionError`` if no reply arrives in ``timeout``.
        """
        reply: dict[str, Any] | None = None
        completion = self.completion_requested or self.inbox.completion_expected
        held: list[dict[str, Any]] = []

        def read() -> Awaitable[dict[str, Any] | None]:
            # Once the reply is in, its ``complete`` may follow, if the topic sends one.
            return self.next_frame() if reply is None else self.next_frame_unless_idle()

        try:
            async for frame in frames_within(timeout, read):
                mine = frame.get("ref") == ref and frame.get("topic") == topic
                action = frame.get(self.action_key)
                if mine and action == "complete":
                    self.inbox.note_completion(frame)
                    break
                elif mine and reply is None and action not in COMPLETE_ACTIONS:
                    reply = frame
                    if not completion:
                        break
                else:
                    held.append(frame)
        finally:
            self.inbox.hold_all(held)
        if reply is None:
            raise AssertionError(
                f"No reply with ref {ref!r} (topic {topic!r}) within {timeout}s; "
                f"other frames: {held!r}"
            )
        return reply

    async def receive_topic_message(
        self, topic_class: type[Any], timeout: float = 1, *, topic: str | None = None
    ) -> BaseMessage:
        """The next message sent on a topic of ``topic_class`` (``topic``: that topic only).

        Completion frames and frames of other topics stay queued for other helpers.
        """
        found = await self._first_frame(
            lambda frame: self._is_topic_frame(frame, topic_class, topic), timeout
        )
        if found is None:
            raise AssertionError(
                f"No {topic_class.__name__} message within {timeout}s; "
                f"other frames: {list(self.inbox.stash)!r}"
            )
        adapter = topic_class.outgoing_message_adapter
        message: BaseMessage = adapter.validate_python(self.inbox.typed(found))
        return message

    async def _first_frame(
        self, accept: Callable[[dict[str, Any]], bool], timeout: float
    ) -> dict[str, Any] | None:
        """The first frame ``accept`` takes (held frames first, then new ones, until
        ``timeout``); the frames passed over go back in front of the held ones, in order."""
        passed: list[dict[str, Any]] = []
        try:
            async for frame in frames_within(timeout, self.next_frame):
                if accept(frame):
                    return frame
                passed.append(frame)
        finally:
            self.inbox.hold_first(passed)
        return None

    def _is_topic_frame(self, frame: dict[str, Any], topic_class: Any, topic: str | None) -> bool:
        name = frame.get("topic")
        if not isinstance(name, str) or frame.get(self.action_key) in COMPLETE_ACTIONS:
            return False
        if topic is not None:
            return name == topic
        return topic_class.match(name) is not None
