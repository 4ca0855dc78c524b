"""Decoding a client frame into a message (and its envelope) in one step.

Frames are validated straight from their wire text (``validate_json``: no dict round-trip).
A frame that may carry envelope keys (a substring test on the text) first has its *head*
read from the text (``chanx.core.wire.frame_head``: envelope keys and action), then its message
validated from the same text when the message types ignore envelope keys. The parsed path
(parse once, de-camelise if the consumer camelises, strip the envelope keys, validate) serves
camelising consumers, JSON hooks, message types that could see envelope keys, and every frame
the text path cannot accept, so error frames never depend on which path a frame took.
"""

import json
import re
from typing import Any

import humps
from pydantic import ValidationError
from pydantic_core import from_json

from chanx.constants import ENVELOPE_FIELDS
from chanx.core.envelope import Envelope, split_envelope, validate_envelope
from chanx.core.handlers import HandlerTable
from chanx.core.wire import frames
from chanx.core.wire.frame_head import read_head
from chanx.core.wire.large_frames import LARGE_FRAME_CHARS, paused_gc, validate_large_json
from chanx.messages.base import BaseMessage

# Envelope keys are top-level keys; clients put them first (or last). A frame longer than
# ``2 * ENVELOPE_WINDOW`` is searched in its first and last ``ENVELOPE_WINDOW`` characters
# only, so the check costs the same for a 200 KB frame as for a 1 KB one (a full scan costs
# about a sixth of the frame's validation). A key could hide behind ``\u`` escapes of
# lower-case letters (``"r\u0065f"``); a backslash in the searched text leads to that check.
ENVELOPE_WINDOW = 512
_ESCAPED_LETTER = re.compile(r"\\u00[67][0-9A-Fa-f]")


class NoHandlersError(LookupError):
    """The consumer declares no handler for this kind of input."""


class DecodedFrame:
    """The outcome of decoding one frame: a message, or what to tell the client instead."""

    __slots__ = (
        "_envelope",
        "_head",
        "action",
        "body",
        "error",
        "message",
        "problem",
        "ref",
        "text",
        "topic",
    )

    def __init__(
        self,
        *,
        message: BaseMessage | None = None,
        envelope: Envelope | None = None,
        head: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        text: str | None = None,
        action: Any = None,
        error: ValidationError | None = None,
        problem: str | None = None,
    ) -> None:
        self.message = message
        # The frame's envelope keys: validated as an ``Envelope``, or read from the text.
        self._envelope = envelope
        self._head = head
        # The frame's ``topic`` and ``ref`` (every frame sent while handling it carries the ref).
        self.topic: str | None
        self.ref: str | None
        if head is not None:
            self.topic, self.ref = head.get("topic"), head.get("ref")
        elif envelope is not None:
            self.topic, self.ref = envelope.topic, envelope.ref
        else:
            self.topic = self.ref = None
        # The decoded fields without envelope keys (parsed frames only).
        self.body = body
        # The frame's text, when its fields are still to be validated from it.
        self.text = text
        # The routing action of a frame still to be validated (any JSON value, or None).
        self.action = action
        # Validation failure of the frame's fields (entries go to the client).
        self.error = error
        # "undecodable" (not JSON), "not_object" (JSON but not an object) or "bad_envelope"
        # (invalid envelope keys; ``error`` says which).
        self.problem = problem

    @property
    def envelope(self) -> Envelope | None:
        """The frame's envelope keys (``None`` when it had none, or invalid ones)."""
        if self._envelope is None and self._head is not None:
            fields = {k: v for k, v in self._head.items() if k in ENVELOPE_FIELDS}
            if fields:
                self._envelope = Envelope.model_validate(fields)
        return self._envelope

    def fields(self) -> dict[str, Any]:
        """The frame's fields without envelope keys (parsed from ``text`` on first use)."""
        if self.body is None:
            assert self.text is not None, "a decoded frame keeps its fields or its text"
            self.body, _envelope = split_envelope(parse_json(self.text))
        return self.body


def may_carry_envelope(text: str) -> bool:
    """``False`` when the frame has no envelope key where clients put them (see above)."""
    if len(text) <= 2 * ENVELOPE_WINDOW:
        return _has_envelope_key(text)
    return _has_envelope_key(text[:ENVELOPE_WINDOW]) or _has_envelope_key(text[-ENVELOPE_WINDOW:])


def _has_envelope_key(part: str) -> bool:
    # Plain ``in`` tests run in C without a method call: cheaper than one regex search.
    if '"ref"' in part or '"topic"' in part or '"version"' in part or '"seq"' in part:
        return True
    return "\\u00" in part and _ESCAPED_LETTER.search(part) is not None


def parse_json(text: str) -> Any:
    """Parse frame text; raises ``ValueError`` when it is not JSON."""
    try:
        if len(text) < LARGE_FRAME_CHARS:
            return from_json(text)
        with paused_gc():
            return from_json(text)
    except ValueError:
        if "\\u" not in text:
            raise
        # An escaped unpaired surrogate (``"\\ud800"``) is valid JSON that the fast parser
        # refuses; the standard parser reads it, and validation then says what is wrong.
        return json.loads(text)


def _validate_text(validator: Any, text: str) -> Any:
    if len(text) < LARGE_FRAME_CHARS:
        return validator.validate_json(text)
    return validate_large_json(validator, text)


def decode(
    raw: str | Any, table: HandlerTable, *, camelize: bool, defer_all: bool = False
) -> BaseMessage | DecodedFrame:
    """Decode one frame: its message when it is a valid frame without envelope keys (the
    common case, validated once from its text), else a :class:`DecodedFrame`.

    ``raw`` is the frame text, or JSON already decoded by a hook. See :func:`decode_frame`
    for ``defer_all`` and for what a ``DecodedFrame`` holds.
    """
    carries = None
    if type(raw) is str and not (camelize or defer_all):
        carries = may_carry_envelope(raw)
        validator = table.message_validator
        if not carries and validator is not None:
            try:
                message: BaseMessage = _validate_text(validator, raw)
            except ValidationError as exc:
                kind = frames.classify_json_error(exc)
                if kind != "validation":
                    return DecodedFrame(problem=kind)
                return DecodedFrame(error=exc)
            except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
                return DecodedFrame(problem="undecodable")
            return message
    return decode_frame(
        raw, table, camelize=camelize, defer_all=defer_all, carries_envelope=carries
    )


def decode_frame(
    raw: str | Any,
    table: HandlerTable | None,
    *,
    camelize: bool,
    defer_all: bool = False,
    carries_envelope: bool | None = None,
) -> DecodedFrame:
    """Decode ``raw`` (frame text, or JSON already decoded by a hook) for ``table``'s messages.

    A frame addressed to a topic (and, with ``defer_all``, every frame: a consumer with a
    default topic) comes back unvalidated, with its ``envelope`` and ``action``: its topic
    decides which messages it may carry (:func:`validate_body` validates it for the
    consumer). ``carries_envelope`` is what
    :func:`may_carry_envelope` said of the text, when the caller asked already.
    """
    envelope: Envelope | None = None
    validator = None if table is None else table.message_validator
    try:
        if isinstance(raw, str) and not camelize:
            if carries_envelope is None:
                carries_envelope = may_carry_envelope(raw)
            if not (defer_all or validator is None or carries_envelope):
                return DecodedFrame(message=_validate_text(validator, raw))
            discriminator = "action" if table is None else table.discriminator
            head = read_head(raw, discriminator)
            if head is not None:
                frame = DecodedFrame(head=head, text=raw, action=head.get(discriminator))
                if defer_all or frame.topic is not None:
                    return frame
                return validate_body(table, frame)
            # Not an object, or invalid envelope keys: the parsed path says which.
        if isinstance(raw, str):
            raw = parse_json(raw)
        if not isinstance(raw, dict):
            return DecodedFrame(problem="not_object")
        if camelize:
            raw = humps.decamelize(raw)
        body, fields = split_envelope(raw)
        if fields:
            try:
                envelope = validate_envelope(fields)
            except ValidationError as exc:
                return DecodedFrame(error=exc, problem="bad_envelope")
        discriminator = "action" if table is None else table.discriminator
        frame = DecodedFrame(envelope=envelope, body=body, action=body.get(discriminator))
        if defer_all or (envelope is not None and envelope.topic is not None):
            return frame
        return validate_body(table, frame)
    except ValidationError as exc:
        kind = frames.classify_json_error(exc)
        if kind != "validation":
            return DecodedFrame(problem=kind, envelope=envelope)
        return DecodedFrame(error=exc, envelope=envelope)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return DecodedFrame(problem="undecodable", envelope=envelope)


def validate_body(table: HandlerTable | None, frame: DecodedFrame) -> DecodedFrame:
    """Validate ``frame`` (decoded, not validated yet) against ``table``'s messages.

    From its text when the messages cannot see envelope keys; a frame that fails there is
    validated again without them, so the client's error entries never show envelope keys.
    """
    if table is None or table.message_validator is None:
        raise NoHandlersError("no message handlers")
    validator = table.message_validator
    if frame.text is not None and table.text_validates_envelope_frames:
        try:
            frame.message = _validate_text(validator, frame.text)
            return frame
        except ValidationError:
            pass
    try:
        frame.message = validator.validate_python(frame.fields())
    except ValidationError as exc:
        frame.error = exc
    return frame


def is_unvalidated(frame: DecodedFrame) -> bool:
    """A frame left for a topic to validate (``decode_frame`` deferred it)."""
    return (
        (frame.body is not None or frame.text is not None)
        and frame.message is None
        and frame.error is None
    )
