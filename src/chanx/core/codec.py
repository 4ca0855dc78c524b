"""Decoding a client frame into a message (and its envelope) in one step.

Frames without envelope keys and without camelCase are validated straight from their wire
text (``validate_json``: no dict round-trip). Anything else is parsed once, de-camelised if
the consumer camelises, stripped of its envelope keys, then validated. Whether a frame may
carry envelope keys is told by a substring test on the text: a false positive (a payload
string that happens to contain ``"ref"``) only costs the parsed path, which gives the same
result.
"""

import re
from typing import Any

import humps
from pydantic import ValidationError
from pydantic_core import from_json

from chanx.core import frames
from chanx.core.envelope import Envelope, strip_envelope, validate_envelope
from chanx.core.wire import LARGE_FRAME_CHARS, paused_gc, validate_large_json
from chanx.messages.base import BaseMessage

# Envelope keys are top-level keys; clients put them first (or last). A frame longer than
# ``2 * ENVELOPE_WINDOW`` is searched in its first and last ``ENVELOPE_WINDOW`` characters
# only, so the check costs the same for a 200 KB frame as for a 1 KB one (a full scan costs
# about a sixth of the frame's validation). A key could hide behind ``\u`` escapes of
# lower-case letters (``"r\u0065f"``); a backslash in the searched text leads to that check.
ENVELOPE_WINDOW = 512
_ENVELOPE_KEY = re.compile(r'"(?:ref|topic|version|seq)"')
_ESCAPED_LETTER = re.compile(r"\\u00[67][0-9A-Fa-f]")


class NoHandlersError(LookupError):
    """The consumer declares no handler for this kind of input."""


class DecodedFrame:
    """The outcome of decoding one frame: a message, or what to tell the client instead."""

    __slots__ = ("body", "envelope", "error", "message", "problem")

    def __init__(
        self,
        *,
        message: BaseMessage | None = None,
        envelope: Envelope | None = None,
        body: dict[str, Any] | None = None,
        error: ValidationError | None = None,
        problem: str | None = None,
    ) -> None:
        self.message = message
        # Envelope keys of the frame, when it had valid ones.
        self.envelope = envelope
        # The decoded fields without envelope keys (parsed frames only).
        self.body = body
        # Validation failure of the frame's fields (entries go to the client).
        self.error = error
        # "undecodable" (not JSON) or "not_object" (JSON but not an object).
        self.problem = problem


def may_carry_envelope(text: str) -> bool:
    """``False`` when the frame has no envelope key where clients put them (see above)."""
    size = len(text)
    spans: tuple[tuple[int, int], ...]
    if size <= 2 * ENVELOPE_WINDOW:
        spans = ((0, size),)
    else:
        spans = ((0, ENVELOPE_WINDOW), (size - ENVELOPE_WINDOW, size))
    for start, end in spans:
        if _ENVELOPE_KEY.search(text, start, end) is not None:
            return True
        if text.find("\\", start, end) >= 0 and _ESCAPED_LETTER.search(text, start, end):
            return True
    return False


def parse_json(text: str) -> Any:
    """Parse frame text; raises ``ValueError`` when it is not JSON."""
    if len(text) < LARGE_FRAME_CHARS:
        return from_json(text)
    with paused_gc():
        return from_json(text)


def decode_frame(
    raw: str | Any,
    validator: Any,
    *,
    camelize: bool,
    defer_all: bool = False,
    parse: bool = False,
) -> DecodedFrame:
    """Decode ``raw`` (frame text, or JSON already decoded by a hook) for ``validator``.

    A frame addressed to a topic (and, with ``defer_all``, every frame: a consumer with a
    default topic) comes back unvalidated, as ``body`` and ``envelope``: its topic decides
    which messages it may carry (:func:`validate_body` validates it for the consumer).
    ``parse`` takes the parsed path even for text without envelope keys.
    """
    envelope: Envelope | None = None
    try:
        if isinstance(raw, str):
            if not (parse or defer_all or camelize or validator is None) and not (
                may_carry_envelope(raw)
            ):
                if len(raw) < LARGE_FRAME_CHARS:
                    return DecodedFrame(message=validator.validate_json(raw))
                return DecodedFrame(message=validate_large_json(validator, raw))
            raw = parse_json(raw)
        if not isinstance(raw, dict):
            return DecodedFrame(problem="not_object")
        if camelize:
            raw = humps.decamelize(raw)
        body, fields = strip_envelope(raw)
        if fields:
            envelope = validate_envelope(fields)
        frame = DecodedFrame(envelope=envelope, body=body)
        if defer_all or (envelope is not None and envelope.topic is not None):
            return frame
        return validate_body(validator, frame)
    except ValidationError as exc:
        kind = frames.classify_json_error(exc)
        if kind != "validation":
            return DecodedFrame(problem=kind, envelope=envelope)
        return DecodedFrame(error=exc, envelope=envelope)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return DecodedFrame(problem="undecodable", envelope=envelope)


def validate_body(validator: Any, frame: DecodedFrame) -> DecodedFrame:
    """Validate the parsed ``body`` of ``frame`` against the consumer's own messages."""
    if validator is None:
        raise NoHandlersError("consumer has no message handlers")
    try:
        frame.message = validator.validate_python(frame.body)
    except ValidationError as exc:
        frame.error = exc
    return frame


def is_unvalidated(frame: DecodedFrame) -> bool:
    """A frame left for a topic to validate (``decode_frame`` deferred it)."""
    return frame.body is not None and frame.message is None and frame.error is None
