"""The inbound path of a client frame: limits → validation → handler → reply or error frame.

Each frame's work is started through ``FrameConcurrencyMixin._run`` (``chanx.core.concurrency``).
"""

import json
import re
import time
import uuid
from typing import TYPE_CHECKING, Any

import humps
import structlog
from pydantic import ValidationError

from chanx.constants import ENVELOPE_FIELDS
from chanx.core import frames
from chanx.core.envelope import REPLY_FIELDS, strip_envelope, validate_envelope
from chanx.core.messaging import result_messages
from chanx.core.policy import FramePolicy, resolve_frame_policy
from chanx.core.wire import LARGE_FRAME_CHARS, validate_large_json
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.utils.logging import logger

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerBase

    _Base = ChanxConsumerBase
else:
    _Base = object


# Envelope keys are top-level keys; clients put them first (or last). A frame longer than
# ``_ENVELOPE_WINDOW * 2`` is only searched in its first and last ``_ENVELOPE_WINDOW``
# characters, so checking costs the same for a 200 KB frame as for a 1 KB one (a full scan
# costs ~0.4 ms at 200 KB). A key could hide behind ``\u`` escapes of lower-case letters
# (``"r\u0065f"``); a backslash in the searched text sends it to that stricter check.
_ENVELOPE_WINDOW = 512
_ENVELOPE_KEY = re.compile(r'"(?:ref|topic|version|seq)"')
_ESCAPED_LETTER = re.compile(r"\\u00[67][0-9A-Fa-f]")


def may_carry_envelope(text: str) -> bool:
    """Could ``text`` carry envelope keys? (``False``: the typed fast path handles it.)"""
    size = len(text)
    spans: tuple[tuple[int, int], ...]
    if size <= 2 * _ENVELOPE_WINDOW:
        spans = ((0, size),)
    else:
        spans = ((0, _ENVELOPE_WINDOW), (size - _ENVELOPE_WINDOW, size))
    for start, end in spans:
        if _ENVELOPE_KEY.search(text, start, end) is not None:
            return True
        if text.find("\\", start, end) >= 0 and _ESCAPED_LETTER.search(text, start, end):
            return True
    return False


class NoHandlersError(LookupError):
    """The consumer declares no handler for this kind of input."""


class InboundPipelineMixin(_Base):
    """Receiving, validating and routing client frames."""

    _rate_window_start: float
    _rate_window_count: int
    _closed_for_frames: bool

    # -- framework entry point -------------------------------------------------------
    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        """Entry point for every client frame (replaces the framework's JSON decoding)."""
        if self._closed_for_frames:
            return
        policy = resolve_frame_policy(self)
        if text_data is None:
            await self._run(self._reply_rejected(frames.BINARY_FRAME_DETAIL))
            return
        limit = policy.max_message_size
        if limit and len(text_data) > limit:
            await self._run(self._reply_rejected(frames.too_large_detail(limit)))
            return
        if policy.rate_limit_messages and self._over_rate_limit(policy.rate_limit_messages):
            await self._run(self._reply_rejected(frames.RATE_LIMIT_DETAIL))
            return
        if policy.typed_fast_path:
            if not may_carry_envelope(text_data):
                await self._run(self._handle_text(text_data, policy))
                return
            # No JSON hook overridden and nothing to log: decode and split the envelope here.
            try:
                content = json.loads(text_data)
            except (ValueError, RecursionError) as exc:
                await self._run(self._reply_undecodable(exc))
                return
            await self._run(self.handle_json(content))
            return
        try:
            content = await self.decode_json(text_data)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            await self._run(self._reply_undecodable(exc))
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Decoded JSON from the client: log it and schedule ``handle_json``."""
        if self._closed_for_frames:
            return
        if isinstance(content, dict) and self.should_camelize:
            try:
                content = humps.decamelize(content)
            except RecursionError as exc:  # nesting too deep to convert: same as undecodable
                await self._run(self._reply_undecodable(exc))
                return
        action = content.get(self.discriminator_field) if isinstance(content, dict) else None
        tokens = structlog.contextvars.bind_contextvars(
            message_id=str(uuid.uuid4())[:8], received_action=action
        )
        try:
            if self._should_log(action):
                await logger.ainfo("Websocket received")
            await self._run(self.handle_json(content, **kwargs))
        finally:
            structlog.contextvars.reset_contextvars(**tokens)

    # -- processing ------------------------------------------------------------------
    async def handle_json(self, content: Any, **kwargs: Any) -> None:
        """Validate decoded JSON, route it, and send ``complete`` when enabled."""
        if isinstance(content, dict) and (
            self._routes_all_frames or not ENVELOPE_FIELDS.isdisjoint(content)
        ):
            await self._handle_enveloped(content)
            return
        try:
            await self._handle_content(content)
        finally:
            if self.should_send_completion:
                await self._send_frame_text(frames.COMPLETE_TEXT, flush=False)

    async def _handle_content(self, content: Any) -> None:
        """Validate and route one decoded frame (no envelope keys); errors become frames."""
        try:
            adapter = self.incoming_message_adapter
            if adapter is None:
                raise NoHandlersError(f"{type(self).__name__} has no message handlers")
            if not isinstance(content, dict):
                await self._send_error_frame(frames.NOT_AN_OBJECT_ERRORS)
            else:
                message = adapter.validate_python(content)
                await self.receive_message(message)
        except ValidationError as exc:
            await self.handle_validation_error(exc)
        except Exception as exc:
            await self.handle_json_processing_error(exc)

    async def _handle_enveloped(self, content: dict[str, Any]) -> None:
        """A frame with envelope keys (or any frame, with a default topic).

        The keys are split off and validated; while the frame is handled ``REPLY_FIELDS``
        holds what every frame sent for it carries (its ``ref``, ``topic``). Topic frames go to
        the connection's ``TopicRouter``, the others to the consumer's own handlers.
        """
        fields, raw = strip_envelope(content)
        try:
            envelope = validate_envelope(raw)
        except ValidationError as exc:
            try:
                await self.handle_validation_error(exc)
            finally:
                if self.should_send_completion:
                    await self._send_frame_text(frames.COMPLETE_TEXT, flush=False)
            return
        token = REPLY_FIELDS.set(envelope.reply_fields() or None)
        try:
            if envelope.topic is not None or (
                self._routes_all_frames and self.topic_router.claims(fields, envelope)
            ):
                try:
                    await self.topic_router.handle_frame(fields, envelope)
                except Exception as exc:
                    await self.handle_json_processing_error(exc)
            else:
                await self._handle_content(fields)
        finally:
            try:
                if self.should_send_completion:
                    await self._send_frame_text(frames.COMPLETE_TEXT, flush=False)
            finally:
                REPLY_FIELDS.reset(token)

    async def _handle_text(self, text: str, policy: FramePolicy) -> None:
        """Fast path: validate straight from the wire text (no dict round-trip)."""
        try:
            validator = self._handler_table.message_validator
            if validator is None:
                raise NoHandlersError(f"{type(self).__name__} has no message handlers")
            if len(text) < LARGE_FRAME_CHARS:
                message = validator.validate_json(text)
            else:
                message = validate_large_json(validator, text)
            if self._routing_untouched:
                await self._route(message, policy.direct_send)
            else:
                await self.receive_message(message)
        except ValidationError as exc:
            kind = frames.classify_json_error(exc)
            if kind == "undecodable":
                await self._reply_undecodable(exc, complete=False)
            elif kind == "not_object":
                await self._send_error_frame(frames.NOT_AN_OBJECT_ERRORS)
            else:
                await self.handle_validation_error(exc)
        except Exception as exc:
            await self.handle_json_processing_error(exc)
        finally:
            if policy.send_completion:
                if policy.direct_send:
                    await self.send(text_data=frames.COMPLETE_TEXT)
                else:
                    await self._send_frame_text(frames.COMPLETE_TEXT, flush=False)

    async def receive_message(self, message: BaseMessage) -> None:
        """Call the ws handler for ``message`` and send back what it returns."""
        # Replies that must carry envelope keys take the general send path.
        await self._route(message, self._direct_send() and REPLY_FIELDS.get() is None)

    async def _route(self, message: BaseMessage, direct_send: bool) -> None:
        """``receive_message`` with the direct-send decision already made (the fast path's)."""
        method_name = self._handler_table.message_methods.get(type(message))
        if method_name is None:
            action = getattr(message, self.discriminator_field, None)
            method_name = self._MESSAGE_HANDLER_INFO_MAP[str(action)]["method_name"]
        try:
            result = await getattr(self, method_name)(message)
            if result is not None:
                if direct_send and self._reply_untouched and isinstance(result, BaseMessage):
                    await self.send(
                        text_data=result.__pydantic_serializer__.to_json(result).decode()
                    )
                else:
                    await self._send_final_result(result)
        except Exception as exc:
            action = getattr(message, self.discriminator_field, None)
            await self.handle_message_handler_error(exc, str(action), message)

    async def handle_result(self, result: Any) -> None:
        """Send a handler's return value: one message, or a list/tuple of messages in order."""
        for item in result_messages(result):
            await self.send_message(item)

    # -- error handling (overridable) --------------------------------------------------
    async def handle_validation_error(self, error: ValidationError) -> None:
        """A frame failed validation: send the validation entries to the client."""
        await self._send_error_frame(frames.validation_entries(error))

    async def handle_json_processing_error(self, error: Exception) -> None:
        """Validation or routing failed unexpectedly: generic error frame, logged with context."""
        await logger.aexception(f"Failed to process message: {error}")
        await self.send_message(ErrorMessage(payload={"detail": frames.PROCESSING_FAILED_DETAIL}))

    async def handle_message_handler_error(
        self, error: Exception, action: str, message: BaseMessage
    ) -> None:
        """A handler raised: report it to the client without internals, log the traceback."""
        await logger.aexception(
            f"Handler error for action '{action}': {error}",
            consumer=type(self).__name__,
        )
        await self.send_message(
            ErrorMessage(payload={"detail": f"Failed to process message for {action}"})
        )

    async def _reply_undecodable(self, error: Exception, *, complete: bool = True) -> None:
        await logger.awarning("Undecodable websocket frame", error=str(error)[:200])
        await self.send_message(ErrorMessage(payload={"detail": frames.PROCESSING_FAILED_DETAIL}))
        if complete and self.should_send_completion:
            await self._send_frame_text(frames.COMPLETE_TEXT)

    async def _reply_rejected(self, detail: str) -> None:
        await logger.awarning("Websocket frame rejected", detail=detail)
        await self.send_message(ErrorMessage(payload={"detail": detail}))
        if self.should_send_completion:
            await self._send_frame_text(frames.COMPLETE_TEXT)

    async def _send_error_frame(self, entries: list[dict[str, Any]]) -> None:
        await self.send_message(ErrorMessage(payload=entries))

    def _over_rate_limit(self, limit: int) -> bool:
        """Count this frame in the current window; ``True`` when it exceeds ``limit``."""
        now = time.monotonic()
        if now - self._rate_window_start >= self._setting("rate_limit_period"):
            self._rate_window_start = now
            self._rate_window_count = 0
        self._rate_window_count += 1
        return bool(self._rate_window_count > limit)

    def _should_log(self, action: Any) -> bool:
        if not self._setting("log_websocket_message"):
            return False
        return bool(action not in self.all_log_ignored_actions)
