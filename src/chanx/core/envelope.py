"""The envelope: routing and correlation keys that sit flat beside ``action`` and ``payload``.

A client frame may carry ``version``, ``topic``, ``ref`` and ``seq``. They are split off before
the message is validated, so message models never see them. Every frame sent while the
server handles a frame that carried ``ref`` (or a ``topic``) repeats those keys, so the client
can match replies to requests. Frames without envelope keys get replies without them.
"""

import json.encoder as _json_encoder
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, StrictStr, TypeAdapter
from pydantic_core import to_json

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
        return reply_fields_for(self.topic, self.ref) or {}


class ReplyFields(dict[str, Any]):
    """Envelope keys of the replies to one client frame, with their JSON text made once."""

    __slots__ = ("suffix",)
    # ``reply_suffix(self)``, built from the key values without a serialiser call.
    suffix: str


def reply_fields_for(topic: str | None, ref: str | None) -> ReplyFields | None:
    """The keys replies to a frame with ``topic`` and ``ref`` carry (``None``: no keys)."""
    if topic is None and ref is None:
        return None
    fields = ReplyFields(version=ENVELOPE_VERSION)
    suffix = _VERSION_MEMBER
    if topic is not None:
        fields["topic"] = topic
        suffix += ',"topic":' + _json_str(topic)
    if ref is not None:
        fields["ref"] = ref
        suffix += ',"ref":' + _json_str(ref)
    fields.suffix = suffix
    return fields


_VERSION_MEMBER = f',"version":{ENVELOPE_VERSION}'
# The C string encoder behind ``json.dumps`` with ``ensure_ascii=False``: the same text as
# ``to_json`` gives for a string (non-ASCII kept, quotes, backslashes and controls escaped).
_json_str: Callable[[str], str] = getattr(_json_encoder, "c_encode_basestring", None) or (
    _json_encoder.py_encode_basestring
)


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
    return _ENVELOPE_ADAPTER.validate_python(fields)


def reply_suffix(fields: dict[str, Any]) -> str:
    """Envelope keys as JSON object members, ready to splice before a reply's closing brace."""
    # Runs for every reply to an addressed frame: one serialiser call, no Python loop.
    return "," + to_json(fields).decode()[1:-1] if fields else ""


def add_envelope(text: str, suffix: str) -> str:
    """Append envelope members (``reply_suffix``) to a serialised JSON object."""
    return text[:-1] + suffix + "}" if suffix else text
