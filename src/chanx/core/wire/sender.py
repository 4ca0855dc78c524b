"""``FrameSender``: the one place where messages and fixed frames become WebSocket frames.

Every frame leaves through it: replies, error frames, completion signals and group relays.
It stamps ``version`` and the ``ref`` of the frame being handled (``current_ref``), serialises
straight to text unless the consumer camelises or overrides ``send_json``/``encode_json``
(then it hands a dict to ``send_json``), and logs sent frames when anyone listens.
"""

import asyncio
import json
from collections.abc import Awaitable
from typing import Any

import humps

from chanx.constants import ENVELOPE_VERSION
from chanx.core.envelope import add_envelope, current_ref, json_string
from chanx.core.wire import frame_log, frames
from chanx.core.wire.frame_settings import setting
from chanx.messages.base import BaseMessage


class FrameSender:
    """Sends frames for one consumer through its framework ``send`` or its ``send_json``."""

    __slots__ = ("_consumer", "_json_out", "_suffix", "_suffix_for")

    _VERSION = f',"version":{ENVELOPE_VERSION}'

    def __init__(self, consumer: Any, *, json_out: bool) -> None:
        self._consumer = consumer
        # ``send_json``/``encode_json`` overridden: every frame goes through ``send_json``.
        self._json_out = json_out
        # The ``ref`` last stamped, and its JSON members: a frame's replies and its
        # ``complete`` carry the same ones.
        self._suffix_for: str | None = None
        self._suffix = ""

    async def message(self, message: BaseMessage, *, flush: bool) -> None:
        """Send ``message``; ``flush`` yields afterwards (``send_message_immediately``)."""
        consumer = self._consumer
        camelize = consumer.camelize
        if camelize is None:
            camelize = consumer.chanx_adapter.config.camelize
        ref = current_ref.get()
        if self._json_out or camelize:
            data = message.model_dump(mode="json")
            if camelize:
                data = humps.camelize(data)
            if ref is not None:
                data["version"] = ENVELOPE_VERSION
                data["ref"] = ref
            await consumer.send_json(data)  # logs and flushes itself
            return
        text = message.__pydantic_serializer__.to_json(message).decode()
        if ref is not None:
            text = add_envelope(text, self._suffix_of(ref))
        await self.send_text(text)
        self.log_sent(getattr(message, consumer.discriminator_field, None))
        if flush and setting(consumer, "send_message_immediately"):
            await asyncio.sleep(0)

    async def fixed(self, text: str) -> None:
        """Send one of the fixed frames of ``chanx.core.wire.frames`` (completion signals)."""
        ref = current_ref.get()
        if self._json_out:
            data = dict(frames.FIXED_FRAMES[text])
            if ref is not None:
                data["version"] = ENVELOPE_VERSION
                data["ref"] = ref
            await self._consumer.send_json(data)
            return
        await self.send_text(add_envelope(text, self._suffix_of(ref)) if ref is not None else text)

    def send_text(self, text: str) -> Awaitable[None]:
        """Write ``text`` as one frame: the framework's ``send(text_data=...)``, or straight to the ASGI send it ends in."""
        consumer = self._consumer
        cls = type(consumer)
        plain = cls._plain_send
        if plain is not None and cls.send is plain and "send" not in consumer.__dict__:
            return consumer.base_send({"type": "websocket.send", "text": text})  # type: ignore[no-any-return]
        return consumer.send(text_data=text)  # type: ignore[no-any-return]

    def _suffix_of(self, ref: str) -> str:
        if ref is not self._suffix_for:
            self._suffix_for = ref
            self._suffix = self._VERSION + ',"ref":' + json_string(ref)
        return self._suffix

    async def relay(self, data: Any) -> None:
        """Forward a group broadcast verbatim (no flush: the relay ends its channel event)."""
        if self._json_out:
            await self._consumer.send_json(data)
            return
        await self.send_text(json.dumps(data))
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
