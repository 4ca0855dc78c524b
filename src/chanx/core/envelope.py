"""The envelope: routing and correlation keys that sit flat beside ``action`` and ``payload``.

A client frame may carry ``version``, ``topic``, ``ref`` and ``seq``. They are split off before
the message is validated, so message models never see them. Every frame sent while the
server handles a frame that carried ``ref`` carries ``version`` and that ``ref``, so the client
can match replies to requests; topic frames always carry ``version`` and ``topic`` (and ``seq``
for a numbered publication). Frames without envelope keys get replies without them.
"""

import json.encoder as _json_encoder
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, StrictStr, TypeAdapter
from pydantic_core import to_json

from chanx.constants import ENVELOPE_FIELDS, ENVELOPE_VERSION, MAX_REF_LENGTH, MAX_TOPIC_LENGTH

__all__ = [
    "ENVELOPE_FIELDS",
    "ENVELOPE_VERSION",
    "TOPIC_EVENT_TYPE",
    "Envelope",
    "TopicErrorReason",
    "current_ref",
    "current_seq",
    "strip_envelope",
]

TOPIC_EVENT_TYPE: Final[str] = "handle_topic_event"
"""Channel-layer message type of a publication to a topic (``Topic.broadcast``)."""


current_ref: ContextVar[str | None] = ContextVar("chanx_current_ref", default=None)
"""The ``ref`` of the client frame being handled (``None``: the frame had none).

Set while a frame is handled, cleared while ``on_subscribe`` runs and while a publication is
delivered. Every frame sent meanwhile carries it. Each frame runs in its own context, so
concurrent frames of one connection never see each other's ``ref``.
"""

current_seq: ContextVar[int | None] = ContextVar("chanx_current_seq", default=None)
"""The ``seq`` topic frames sent in this context carry (``None``: none).

Set to the publication's ``seq`` while a ``Topic.broadcast`` is delivered; user code sets it
around its own sends (replaying stored events, for example) to stamp them.
"""

TOPIC_EXTRAS: ContextVar[dict[str, Any] | None] = ContextVar("chanx_topic_extras", default=None)
"""Further keys topic frames sent in this context carry: ``offset``/``epoch`` of a history
publication, ``recovered`` on a ``subscribed`` reply (topics that opt in to history only)."""


class TopicErrorReason(StrEnum):
    """``reason`` of the error frame a topic request can get."""

    UNKNOWN_TOPIC = "unknown_topic"
    UNAUTHORIZED = "unauthorized"
    NOT_SUBSCRIBED = "not_subscribed"
    TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions"


class Envelope(BaseModel):
    """The envelope keys of one frame, validated (a ``ref`` must be a bounded string)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int = ENVELOPE_VERSION
    topic: StrictStr | None = Field(default=None, max_length=MAX_TOPIC_LENGTH)
    ref: StrictStr | None = Field(default=None, max_length=MAX_REF_LENGTH)
    seq: int | None = None


# The C string encoder behind ``json.dumps`` with ``ensure_ascii=False``: the same text as
# ``to_json`` gives for a string (non-ASCII kept, quotes, backslashes and controls escaped).
json_string: Callable[[str], str] = getattr(_json_encoder, "c_encode_basestring", None) or (
    _json_encoder.py_encode_basestring
)


_ENVELOPE_ADAPTER: TypeAdapter[Envelope] = TypeAdapter(Envelope)


def strip_envelope(content: dict[str, Any]) -> dict[str, Any]:
    """A new dict of ``content`` without the envelope keys."""
    return {k: v for k, v in content.items() if k not in ENVELOPE_FIELDS}


def split_envelope(content: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
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
