"""The documented answer to any client frame (docs/limits.md).

``expected_kind`` predicts which documented answer a text frame must get; ``kind_of`` names the
answer a consumer actually sent. Tests compare the two and check the frame's exact shape.
"""

import json
from typing import Any

import pydantic_core

from chanx.core import frames

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
}


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


def kind_of(frame: dict[str, Any], *, limit: int) -> str:
    """Name the documented answer ``frame`` is; ``AssertionError`` if it is none of them."""
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
    assert all(e["loc"] and e["loc"][0] in ACTIONS for e in payload), frame
    return "invalid"
