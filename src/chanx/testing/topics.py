"""Topic helpers of the test communicator: subscribe, unsubscribe, addressed sends, pushes.

Each request waits for its own reply (matched by ``ref`` and ``topic``) and, when the consumer
sends completion frames, for its own ``complete``: no helper idles until a timeout. Frames that
arrive meanwhile and belong to something else stay queued, in order, for the other helpers.
"""

import asyncio
import json
from collections import deque
from typing import TYPE_CHECKING, Any

import humps

from chanx.constants import COMPLETE_ACTIONS, ENVELOPE_FIELDS, ENVELOPE_VERSION
from chanx.messages.base import BaseMessage


def strip_envelope_keys(frame: dict[str, Any]) -> dict[str, Any]:
    """``frame`` without its envelope keys (``version``, ``topic``, ``ref``, ``seq``)."""
    if ENVELOPE_FIELDS.isdisjoint(frame):
        return frame
    return {k: v for k, v in frame.items() if k not in ENVELOPE_FIELDS}


class TopicCommunicatorMixin:
    """Mixed into ``ChanxCommunicatorMixin``; uses its frame reader and stash."""

    action_key: str
    consumer: Any
    _stash: deque[dict[str, Any]]
    _outstanding: int
    _completion_requested: bool

    if TYPE_CHECKING:  # provided by ChanxCommunicatorMixin

        async def send_to(
            self, text_data: str | None = None, bytes_data: bytes | None = None
        ) -> None: ...
        async def _next_frame(self) -> dict[str, Any]: ...
        def _consumer_camelizes(self) -> bool: ...
        def _note_completion(self, frame: Any) -> bool: ...

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
        completion = self._completion_expected()
        held: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(timeout):
                while True:
                    frame = await self._next_frame()
                    mine = frame.get("ref") == ref and frame.get("topic") == topic
                    action = frame.get(self.action_key)
                    if mine and action == "complete":
                        self._note_completion(frame)
                        break
                    elif mine and reply is None and action not in COMPLETE_ACTIONS:
                        reply = frame
                        if not completion:
                            break
                    else:
                        held.append(frame)
        except TimeoutError:
            pass
        finally:
            self._stash.extend(held)
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
        adapter = topic_class.outgoing_message_adapter
        held: list[dict[str, Any]] = []
        found: dict[str, Any] | None = None
        # Frames already read by a selective helper come first, in arrival order.
        for _ in range(len(self._stash)):
            frame = self._stash.popleft()
            if found is None and self._is_topic_frame(frame, topic_class, topic):
                found = frame
            else:
                held.append(frame)
        try:
            if found is None:
                async with asyncio.timeout(timeout):
                    while found is None:
                        frame = await self._next_frame()
                        if self._is_topic_frame(frame, topic_class, topic):
                            found = frame
                        else:
                            held.append(frame)
        except TimeoutError:
            pass
        finally:
            self._stash.extendleft(reversed(held))
        if found is None:
            raise AssertionError(
                f"No {topic_class.__name__} message within {timeout}s; other frames: {held!r}"
            )
        if self._consumer_camelizes():
            found = humps.decamelize(found)
        message: BaseMessage = adapter.validate_python(strip_envelope_keys(found))
        return message

    def _is_topic_frame(self, frame: dict[str, Any], topic_class: Any, topic: str | None) -> bool:
        name = frame.get("topic")
        if not isinstance(name, str) or frame.get(self.action_key) in COMPLETE_ACTIONS:
            return False
        if topic is not None:
            return name == topic
        return topic_class.match(name) is not None

    def _completion_expected(self) -> bool:
        if self._completion_requested:
            return True
        value = getattr(self.consumer, "send_completion", None)
        if value is None:
            value = getattr(getattr(self.consumer, "_chanx_config", None), "send_completion", None)
        return bool(value)
