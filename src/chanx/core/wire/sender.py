"""``FrameSender``: the one place where messages and fixed frames become WebSocket frames.

Every frame leaves through it: replies, error frames, completion signals and group relays.
It stamps ``version`` and the ``ref`` of the frame being handled (``current_ref``), serialises
straight to text unless the connection camelises or replaces ``send_json``/``encode_json``
(then it hands a dict to the JSON writer), and logs sent frames when anyone listens.

A sender is built with what it needs: a text writer, a JSON writer, and a function giving
the connection's live send options (``SendOptions``); it knows nothing else of its owner.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable, Collection
from typing import Any

import humps

from chanx.constants import ENVELOPE_VERSION
from chanx.core.envelope import add_envelope, current_ref, json_string
from chanx.core.wire import frame_log, frames
from chanx.core.wire.frame_settings import setting
from chanx.messages.base import BaseMessage

WriteText = Callable[[str], Awaitable[None]]
WriteJson = Callable[[Any], Awaitable[None]]


class SendOptions:
    """A connection's send settings, read when a frame is sent (they may change live)."""

    __slots__ = ("camelize", "discriminator", "flush", "ignored", "log")

    def __init__(
        self, camelize: bool, flush: bool, log: bool, discriminator: str, ignored: Collection[str]
    ) -> None:
        self.camelize = camelize
        # ``send_message_immediately``: yield to the event loop after each flushed send.
        self.flush = flush
        # ``log_websocket_message`` is on and the logging configuration lets chanx's info
        # records through.
        self.log = log
        self.discriminator = discriminator
        # Actions never logged (``log_ignored_actions`` plus the completion signals).
        self.ignored = ignored


def camelizes(owner: Any) -> bool:
    """Whether ``owner`` (a consumer) sends camelCase keys now (its attribute, else its config)."""
    camelize = owner.camelize
    if camelize is None:
        camelize = owner.chanx_adapter.config.camelize
    return bool(camelize)


def send_options(owner: Any) -> SendOptions:
    """The live send options of ``owner`` (a consumer), from its attributes and configuration."""
    log = bool(setting(owner, "log_websocket_message")) and frame_log.info_enabled()
    return SendOptions(
        camelizes(owner),
        bool(setting(owner, "send_message_immediately")),
        log,
        owner.discriminator_field,
        owner.all_log_ignored_actions if log else (),
    )


class FrameSender:
    """Sends one connection's frames as text, or as dicts through its JSON writer."""

    __slots__ = ("_json_out", "_options", "_suffix", "_suffix_for", "_write", "_write_json")

    _VERSION = f',"version":{ENVELOPE_VERSION}'

    def __init__(
        self,
        *,
        write: WriteText,
        write_json: WriteJson,
        options: Callable[[], SendOptions],
        json_out: bool,
    ) -> None:
        self._write = write
        # Logs and flushes itself (it is the connection's ``send_json``).
        self._write_json = write_json
        self._options = options
        # ``send_json``/``encode_json`` replaced: every frame goes through the JSON writer.
        self._json_out = json_out
        # The ``ref`` last stamped, and its JSON members: a frame's replies and its
        # ``complete`` carry the same ones.
        self._suffix_for: str | None = None
        self._suffix = ""

    async def message(self, message: BaseMessage, *, flush: bool) -> None:
        """Send ``message``; ``flush`` yields afterwards (``send_message_immediately``)."""
        options = self._options()
        ref = current_ref.get()
        if self._json_out or options.camelize:
            data = message.model_dump(mode="json")
            if options.camelize:
                data = humps.camelize(data)
            if ref is not None:
                data["version"] = ENVELOPE_VERSION
                data["ref"] = ref
            await self._write_json(data)  # logs and flushes itself
            return
        text = message.__pydantic_serializer__.to_json(message).decode()
        if ref is not None:
            text = add_envelope(text, self._suffix_of(ref))
        await self._write(text)
        if options.log:
            self._log(options, getattr(message, options.discriminator, None))
        if flush and options.flush:
            await asyncio.sleep(0)

    async def fixed(self, text: str) -> None:
        """Send one of the fixed frames of ``chanx.core.wire.frames`` (completion signals)."""
        ref = current_ref.get()
        if self._json_out:
            data = dict(frames.FIXED_FRAMES[text])
            if ref is not None:
                data["version"] = ENVELOPE_VERSION
                data["ref"] = ref
            await self._write_json(data)
            return
        await self._write(add_envelope(text, self._suffix_of(ref)) if ref is not None else text)

    def send_text(self, text: str) -> Awaitable[None]:
        """Write ``text`` as one frame (nothing stamped, nothing logged)."""
        return self._write(text)

    def _suffix_of(self, ref: str) -> str:
        if ref is not self._suffix_for:
            self._suffix_for = ref
            self._suffix = self._VERSION + ',"ref":' + json_string(ref)
        return self._suffix

    async def relay(self, data: Any) -> None:
        """Forward a group broadcast verbatim (no flush: the relay ends its channel event)."""
        if self._json_out:
            await self._write_json(data)
            return
        await self._write(json.dumps(data))
        if isinstance(data, dict):
            options = self._options()
            if options.log:
                self._log(options, data.get(options.discriminator))

    def log_sent(self, action: Any) -> None:
        """Log a frame the JSON writer sent (``action`` unless it is one not logged)."""
        options = self._options()
        if options.log:
            self._log(options, action)

    @staticmethod
    def _log(options: SendOptions, action: Any) -> None:
        if action not in options.ignored:
            frame_log.log_sent(action)
