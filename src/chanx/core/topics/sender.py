"""``TopicSender``: how a topic instance's frames leave on the hosting connection.

Every frame a topic sends carries ``version`` and its ``topic``, plus the ``ref`` of the frame
being handled (``current_ref``), the ``seq`` of the publication being delivered
(``current_seq``) and, for topics with history, the publication's ``offset``/``epoch``
(``TOPIC_EXTRAS``). When nothing on the way is overridden, a message is serialised once to text
and written with the hosting consumer's transport; otherwise it takes the documented path:
the topic's ``send_message`` / ``send_json``, then the consumer's ``send_topic_json``.
"""

import functools
from typing import Any

from pydantic_core import to_json

from chanx.constants import ENVELOPE_VERSION
from chanx.core.envelope import (
    TOPIC_EXTRAS,
    add_envelope,
    current_ref,
    current_seq,
    json_string,
    reply_suffix,
)
from chanx.core.wire.frames import FIXED_FRAMES, FIXED_MESSAGES
from chanx.core.wire.sender import FrameSender, camelizes, send_options
from chanx.messages.base import BaseMessage


def topic_suffix(topic: str) -> str:
    """The JSON members every frame of ``topic`` carries: ``version`` and ``topic``."""
    return f',"version":{ENVELOPE_VERSION},"topic":' + json_string(topic)


def topic_stamp(topic: str) -> dict[str, Any]:
    """The envelope keys of a frame of ``topic`` sent in this context."""
    stamp: dict[str, Any] = {"version": ENVELOPE_VERSION, "topic": topic}
    ref = current_ref.get()
    if ref is not None:
        stamp["ref"] = ref
    seq = current_seq.get()
    if seq is not None:
        stamp["seq"] = seq
    extras = TOPIC_EXTRAS.get()
    if extras:
        stamp.update(extras)
    return stamp


def stamp_suffix(base: str) -> str:
    """``base`` (:func:`topic_suffix`) plus the ``ref``/``seq``/extra members in flight."""
    ref = current_ref.get()
    seq = current_seq.get()
    extras = TOPIC_EXTRAS.get()
    if ref is None and seq is None and extras is None:
        return base  # a plain push: nothing but version and topic
    suffix = base
    if ref is not None:
        suffix += ',"ref":' + json_string(ref)
    if seq is not None:
        suffix += ',"seq":' + to_json(seq).decode()
    if extras:
        suffix += reply_suffix(extras)
    return suffix


class TopicSender(FrameSender):
    """Sends one topic instance's frames (replies, errors, pushes, completion)."""

    __slots__ = ("_base", "_camelizes", "_dict_path", "_hooked", "_topic")

    def __init__(self, topic: Any) -> None:
        consumer = topic.consumer
        super().__init__(
            write=consumer._write_text,
            write_json=topic.send_json,
            options=functools.partial(send_options, consumer),
            json_out=False,
        )
        self._topic = topic
        # Only the connection's camelCase setting decides how a topic frame goes out.
        self._camelizes = functools.partial(camelizes, consumer)
        self._base = topic_suffix(topic.topic)
        topic_class, consumer_class = type(topic), type(consumer)
        # ``send_message`` overridden on the topic: every frame goes through it.
        self._hooked = bool(topic_class._send_message_hooked)
        # Frames go as dicts through the topic's ``send_json`` when it, or the consumer's
        # ``send_topic_json`` or JSON encoding, is replaced.
        self._dict_path = bool(
            topic_class._json_hooks_out
            or getattr(consumer_class, "_json_hooks_out", False)
            or getattr(consumer_class, "_overrides_send_topic_json", False)
        )

    def _stamp_suffix(self) -> str:
        return stamp_suffix(self._base)

    def _as_text(self) -> bool:
        """Whether frames may go as text (nothing replaced, no camelCase on the connection)."""
        if self._dict_path:
            return False
        return not self._camelizes()

    async def message(self, message: BaseMessage, *, flush: bool) -> None:
        """Send ``message`` on the topic (topic frames never yield after sending)."""
        if not self._as_text():
            await self._topic.send_json(message.model_dump(mode="json"))
            return
        text = message.__pydantic_serializer__.to_json(message).decode()
        await self.send_text(add_envelope(text, self._stamp_suffix()))

    async def fixed(self, text: str) -> None:
        """Send a completion frame on the topic (through ``send_message`` when replaced)."""
        if self._hooked:
            await self._topic.send_message(FIXED_MESSAGES[text]())
        elif not self._as_text():
            await self._topic.send_json(dict(FIXED_FRAMES[text]))
        else:
            await self.send_text(add_envelope(text, self._stamp_suffix()))

    async def relay(self, data: Any) -> None:
        """Forward a group relay verbatim on the topic."""
        await self._topic.send_json(dict(data))

    def log_sent(self, action: Any) -> None:
        """Topic frames are not logged one by one."""
