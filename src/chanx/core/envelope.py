"""The envelope: routing and correlation keys that sit flat beside ``action`` and ``payload``.

A client frame may carry ``version``, ``topic``, ``ref`` and ``seq``. They are split off before
the message is validated, so message models never see them. Every frame sent while the
server handles a frame that carried ``ref`` (or a ``topic``) repeats those keys, so the client
can match replies to requests. Frames without envelope keys get replies without them.
"""

import json
from contextvars import ContextVar
from enum import StrEnum
from json.encoder import encode_basestring_ascii as _encode_string
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, StrictStr, TypeAdapter

from chanx.constants import ENVELOPE_FIELDS, ENVELOPE_VERSION, MAX_REF_LENGTH, MAX_TOPIC_LENGTH

TOPIC_EVENT_TYPE: Final[str] = "handle_topic_event"
"""Channel-layer message type of a publication to a topic (``Topic.broadcast``)."""


REPLY_FIELDS: ContextVar[dict[str, Any] | None] = ContextVar("chanx_reply_fields", default=None)
"""Envelope keys every frame sent in this context carries (``None``: none).

The pipeline sets it while it handles a client frame (from the frame's ``Envelope``), and a
topic sets it while it pushes a publication (``topic`` and ``seq``). ``send_message`` and the
completion frames read it. Each frame runs in its own context, so concurrent frames of one
connection never see each other's ``ref``.
"""


class TopicErrorReason(StrEnum):
    """``reason`` of the error frame a topic request can get."""

    UNKNOWN_TOPIC = "unknown_topic"
    UNAUTHORIZED = "unauthorized"
    NOT_SUBSCRIBED = "not_subscribed"
    TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions"


class Envelope(BaseModel):
    """The envelope keys of one frame, validated (a ``ref`` must be a bounded string)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int | None = None
    topic: StrictStr | None = Field(default=None, max_length=MAX_TOPIC_LENGTH)
    ref: StrictStr | None = Field(default=None, max_length=MAX_REF_LENGTH)
    seq: int | None = None

    @property
    def addressed(self) -> bool:
        """``True`` when replies must carry envelope keys (the frame has a ``ref`` or ``topic``)."""
        return self.ref is not None or self.topic is not None

    def reply_fields(self) -> dict[str, Any]:
        """The keys every reply to this frame carries (empty when the frame is unaddressed)."""
        if not self.addressed:
            return {}
        fields: dict[str, Any] = {"version": ENVELOPE_VERSION}
        if self.topic is not None:
            fields["topic"] = self.topic
        if self.ref is not None:
            fields["ref"] = self.ref
        return fields


_ENVELOPE_ADAPTER: TypeAdapter[Envelope] = TypeAdapter(Envelope)


def strip_envelope(content: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a decoded frame into its message fields and its envelope fields (unvalidated)."""
    if ENVELOPE_FIELDS.isdisjoint(content):
        return content, {}
    message = {k: v for k, v in content.items() if k not in ENVELOPE_FIELDS}
    envelope = {k: v for k, v in content.items() if k in ENVELOPE_FIELDS}
    return message, envelope


def validate_envelope(fields: dict[str, Any]) -> Envelope:
    """Validate envelope fields; raises ``pydantic.ValidationError`` with ``loc`` per key."""
    if _plainly_valid(fields):
        # What clients send on every addressed frame: build it without a validation pass.
        return Envelope.model_construct(**fields)
    return _ENVELOPE_ADAPTER.validate_python(fields)


def _plainly_valid(fields: dict[str, Any]) -> bool:
    """Strings within bounds for ``ref``/``topic``, plain ints for ``version``/``seq``."""
    for key, value in fields.items():
        kind = type(value)
        if key == "ref":
            if kind is not str or len(value) > MAX_REF_LENGTH:
                return False
        elif key == "topic":
            if kind is not str or len(value) > MAX_TOPIC_LENGTH:
                return False
        elif kind is not int:  # version, seq (a bool or float takes the validating path)
            return False
    return True


def reply_suffix(fields: dict[str, Any]) -> str:
    """Envelope keys as JSON object members, ready to splice before a reply's closing brace."""
    # Runs for every reply to an addressed frame: strings through the C encoder, no dumps().
    parts = []
    for key, value in fields.items():
        if isinstance(value, str):
            encoded = _encode_string(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            encoded = str(value)
        else:
            encoded = json.dumps(value)
        parts.append(
            f',"{key}":{encoded}' if key in ENVELOPE_FIELDS else f",{json.dumps(key)}:{encoded}"
        )
    return "".join(parts)


def add_envelope(text: str, suffix: str) -> str:
    """Append envelope members (``reply_suffix``) to a serialised JSON object."""
    return text[:-1] + suffix + "}" if suffix else text
