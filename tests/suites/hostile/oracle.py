"""The documented answer to any client frame (docs/limits.md).

``expected_kind`` predicts which documented answer a text frame must get; ``kind_of`` names the
answer a consumer actually sent. Tests compare the two and check the frame's exact shape.
"""

import json
from typing import Any

import pydantic_core
from pydantic import ValidationError

from chanx.constants import ENVELOPE_FIELDS
from chanx.core.envelope import validate_envelope
from chanx.core.wire import frames
from chanx.core.wire.codec import may_carry_envelope

ACTIONS = ("ping", "echo", "wait")
UNDECODABLE = {"action": "error", "payload": {"detail": frames.PROCESSING_FAILED_DETAIL}}
NOT_OBJECT = {"action": "error", "payload": frames.NOT_AN_OBJECT_ERRORS}
NO_ACTION = {
    "action": "error",
    "payload": [
        {
            "type": "union_tag_not_found",
            "loc": [],
            "msg": "Unable to extract tag using discriminator 'action'",
        }
    ],
}
BINARY = {"action": "error", "payload": {"detail": frames.BINARY_FRAME_DETAIL}}
RATE_LIMITED = {"action": "error", "payload": {"detail": frames.RATE_LIMIT_DETAIL}}
COMPLETE = {"action": "complete", "payload": None}
DOCUMENTED_KINDS = {
    "too_large",
    "undecodable",
    "not_object",
    "no_action",
    "unknown_action",
    "invalid",
    "handler_error",
    "pong",
    "echo_reply",
    "binary",
    "rate_limited",
    "invalid_envelope",
    "topic_error",
    "unsubscribed",
}


def plain(frame: dict[str, Any]) -> dict[str, Any]:
    """``frame`` without envelope keys (replies to a frame with ``ref``/``topic`` carry them)."""
    return {k: v for k, v in frame.items() if k not in ENVELOPE_FIELDS}


def is_complete(frame: dict[str, Any]) -> bool:
    return plain(frame) == COMPLETE


def too_large(limit: int) -> dict[str, Any]:
    return {"action": "error", "payload": {"detail": frames.too_large_detail(limit)}}


def expected_kind(text: str, *, limit: int, fast_path: bool = True) -> set[str]:
    """Acceptable answer kinds for ``text`` sent to the hostile Target consumer."""
    if len(text) > limit:
        return {"too_large"}
    try:
        value = pydantic_core.from_json(text) if fast_path else json.loads(text)
    except (ValueError, RecursionError):
        return {"undecodable"}
    if not isinstance(value, dict):
        return {"not_object"}
    if not ENVELOPE_FIELDS.isdisjoint(value):
        if not fast_path or may_carry_envelope(text):
            return _expected_with_envelope(text)
        # A large frame with its envelope keys away from both ends: they are not looked for
        # (docs/topics.md), and the message models ignore unknown keys.
        value = {k: v for k, v in value.items() if k not in ENVELOPE_FIELDS}
    if "action" not in value:
        return {"no_action"}
    action = value["action"]
    if not isinstance(action, str) or action not in ACTIONS:
        return {"unknown_action"}
    payload = value.get("payload")
    if action == "ping":
        return {"pong"} if payload is None else {"invalid"}
    if action == "echo":
        return {"echo_reply"}
    # "wait" with a valid payload reaches a handler whose gate is closed in these tests.
    return {"invalid", "handler_error"}


def _expected_with_envelope(text: str) -> set[str]:
    """A frame with envelope keys: decoded with ``json.loads``, keys split off and checked."""
    value = json.loads(text)
    envelope = {k: v for k, v in value.items() if k in ENVELOPE_FIELDS}
    try:
        checked = validate_envelope(envelope)
    except ValidationError:
        return {"invalid_envelope"}
    rest = {k: v for k, v in value.items() if k not in ENVELOPE_FIELDS}
    if checked.topic is None:
        return expected_kind(json.dumps(rest), limit=len(text) + 1, fast_path=False)
    # The hostile consumer serves no topics.
    return {"unsubscribed"} if rest.get("action") == "unsubscribe" else {"topic_error"}


# Answers that no ``complete`` follows: a frame refused for its envelope keys never reached a
# handler, and topic paths complete only when the topic class asks for it.
UNCOMPLETED_KINDS = {"invalid_envelope", "topic_error", "unsubscribed"}


def completes(kind: str) -> bool:
    """Whether an answer of ``kind`` is followed by ``complete`` (completion on)."""
    return kind not in UNCOMPLETED_KINDS


def kind_of(frame: dict[str, Any], *, limit: int) -> str:
    """Name the documented answer ``frame`` is; ``AssertionError`` if it is none of them."""
    frame = plain(frame)
    if frame.get("action") == "unsubscribed":
        return "unsubscribed"
    if frame == UNDECODABLE:
        return "undecodable"
    if frame == NOT_OBJECT:
        return "not_object"
    if frame == NO_ACTION:
        return "no_action"
    if frame == BINARY:
        return "binary"
    if frame == RATE_LIMITED:
        return "rate_limited"
    if frame == too_large(limit):
        return "too_large"
    action, payload = frame.get("action"), frame.get("payload")
    if action in ("pong", "echo_reply"):
        return str(action)
    assert action == "error", f"undocumented answer {frame!r}"
    if isinstance(payload, dict) and "reason" in payload:
        assert payload["reason"] in ("unknown_topic", "not_subscribed"), frame
        return "topic_error"
    if isinstance(payload, dict):
        assert payload["detail"].startswith("Failed to process message for "), frame
        return "handler_error"
    assert isinstance(payload, list) and payload, frame
    for entry in payload:
        assert set(entry) == {"type", "loc", "msg"}, frame
    if payload[0]["type"] == "union_tag_invalid":
        assert payload[0]["loc"] == [], frame
        return "unknown_action"
    if payload[-1]["type"] == "too_many_errors":  # the cap: a counted remainder, last
        assert payload[-1]["loc"] == [] and len(payload) > 1, frame
        payload = payload[:-1]
    if all(e["loc"] and e["loc"][0] in ENVELOPE_FIELDS for e in payload):
        return "invalid_envelope"
    assert all(e["loc"] and e["loc"][0] in ACTIONS for e in payload), frame
    return "invalid"
