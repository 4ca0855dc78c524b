"""``FrameSender``: the one place where messages and fixed frames become WebSocket frames.

Every frame leaves through it: replies, error frames, completion signals and group relays.
It stamps the envelope keys of the frame being handled (``REPLY_FIELDS``), serialises
straight to text unless the consumer camelises or overrides ``send_json``/``encode_json``
(then it hands a dict to ``send_json``), and logs sent frames when anyone listens.
"""

import asyncio
import json
from collections.abc import Awaitable
from typing import Any

import humps

from chanx.core import frame_log, frames
from chanx.core.envelope import REPLY_FIELDS, ReplyFields, add_envelope, reply_suffix
from chanx.core.frame_settings import setting
from chanx.messages.base import BaseMessage


class FrameSender:
    """Sends frames for one consumer through its framework ``send`` or its ``send_json``."""

    __slots__ = ("_consumer", "_json_out", "_suffix", "_suffix_for")

    def __init__(self, consumer: Any, *, json_out: bool) -> None:
        self._consumer = consumer
        # ``send_json``/``encode_json`` overridden: every frame goes through ``send_json``.
        self._json_out = json_out
        # The envelope keys last serialised, and their text: a frame's reply and its
        # ``complete`` carry the same keys.
        self._suffix_for: dict[str, Any] | None = None
        self._suffix = ""

    async def message(self, message: BaseMessage, *, flush: bool) -> None:
        """Send ``message``; ``flush`` yields afterwards (``send_message_immediately``)."""
        consumer = self._consumer
        camelize = consumer.camelize
        if camelize is None:
            camelize = consumer._chanx_config.camelize
        fields = REPLY_FIELDS.get()
        if self._json_out or camelize:
            data = message.model_dump(mode="json")
            if camelize:
                data = humps.camelize(data)
            if fields:
                data.update(fields)
            await consumer.send_json(data)  # logs and flushes itself
            return
        text = message.__pydantic_serializer__.to_json(message).decode()
        if fields:
            text = add_envelope(text, self._suffix_of(fields))
        await self._send_text(text)
        self.log_sent(getattr(message, consumer.discriminator_field, None))
        if flush and setting(consumer, "send_message_immediately"):
            await asyncio.sleep(0)

    async def fixed(self, text: str) -> None:
        """Send one of the fixed frames of ``chanx.core.frames`` (completion signals)."""
        fields = REPLY_FIELDS.get()
        if self._json_out:
            data = dict(frames.FIXED_FRAMES[text])
            if fields:
                data.update(fields)
            await self._consumer.send_json(data)
            return
        await self._send_text(add_envelope(text, self._suffix_of(fields)) if fields else text)

    def _send_text(self, text: str) -> Awaitable[None]:
        """The framework's ``send(text_data=...)``, or straight to the ASGI send it ends in."""
        consumer = self._consumer
        cls = type(consumer)
        plain = cls._plain_send
        if plain is not None and cls.send is plain and "send" not in consumer.__dict__:
            return consumer.base_send({"type": "websocket.send", "text": text})  # type: ignore[no-any-return]
        return consumer.send(text_data=text)  # type: ignore[no-any-return]

    def _suffix_of(self, fields: dict[str, Any]) -> str:
        if type(fields) is ReplyFields:
            return fields.suffix
        if fields is not self._suffix_for:
            self._suffix_for, self._suffix = fields, reply_suffix(fields)
        return self._suffix

    async def relay(self, data: Any) -> None:
        """Forward a group broadcast verbatim (no flush: the relay ends its channel event)."""
        if self._json_out:
            await self._consumer.send_json(data)
            return
        await self._send_text(json.dumps(data))
        if isinstance(data, dict):
            self.log_sent(data.get(self._consumer.discriminator_field))

    def log_sent(self, action: Any) -> None:
        consumer = self._consumer
        # Cheapest test first: with the defaults, logging is on and nobody listens.
        if (
            setting(consumer, "log_websocket_message")
            and frame_log.info_enabled()
            and action not in consumer.all_log_ignored_actions
        ):
            frame_log.log_sent(action)
