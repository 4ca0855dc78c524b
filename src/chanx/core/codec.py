"""Decoding a client frame into a message (and its envelope) in one step.

Frames without envelope keys and without camelCase are validated straight from their wire
text (``validate_json``: no dict round-trip). Anything else is parsed once, de-camelised if
the consumer camelises, stripped of its envelope keys, then validated. Whether a frame may
carry envelope keys is told by a substring test on the text: a false positive (a payload
string that happens to contain ``"ref"``) only costs the parsed path, which gives the same
result.
"""

from typing import Any

import humps
from pydantic import ValidationError
from pydantic_core import from_json

from chanx.core import frames
from chanx.core.envelope import Envelope, strip_envelope, validate_envelope
from chanx.core.wire import LARGE_FRAME_CHARS, paused_gc, validate_large_json
from chanx.messages.base import BaseMessage

_ENVELOPE_MARKERS = ('"ref"', '"topic"', '"version"', '"seq"')


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
    """``True`` unless the text certainly has no envelope key."""
    return any(marker in text for marker in _ENVELOPE_MARKERS)


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
    parse: bool,
    validate: bool = True,
) -> DecodedFrame:
    """Decode ``raw`` (frame text, or JSON already decoded by a hook) for ``validator``.

    ``parse`` forces the parsed path (a consumer that routes un-addressed frames to a topic);
    ``validate=False`` stops after the envelope (the caller validates the body elsewhere).
    """
    if validator is None and validate:
        raise NoHandlersError("consumer has no message handlers")
    envelope: Envelope | None = None
    try:
        if isinstance(raw, str):
            if not (parse or camelize or may_carry_envelope(raw)):
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
        if not validate:
            return DecodedFrame(envelope=envelope, body=body)
        return DecodedFrame(message=validator.validate_python(body), envelope=envelope, body=body)
    except ValidationError as exc:
        kind = frames.classify_json_error(exc)
        if kind != "validation":
            return DecodedFrame(problem=kind, envelope=envelope)
        return DecodedFrame(error=exc, envelope=envelope)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return DecodedFrame(problem="undecodable", envelope=envelope)
