"""Fixed frames and error payloads the framework sends on its own behalf."""

from collections.abc import Callable
from typing import Any, Literal

from pydantic import ValidationError

from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import CompleteMessage, EventCompleteMessage, GroupCompleteMessage

# Completion frames never change, so they are serialised once.
COMPLETE_TEXT = '{"action":"complete","payload":null}'
GROUP_COMPLETE_TEXT = '{"action":"group_complete","payload":null}'
EVENT_COMPLETE_TEXT = '{"action":"event_complete","payload":null}'

# The same frames as dicts, for consumers whose replies go through ``send_json``.
FIXED_FRAMES: dict[str, dict[str, Any]] = {
    COMPLETE_TEXT: {"action": "complete", "payload": None},
    GROUP_COMPLETE_TEXT: {"action": "group_complete", "payload": None},
    EVENT_COMPLETE_TEXT: {"action": "event_complete", "payload": None},
}

# The same frames as messages, for a ``send_message`` that is replaced.
FIXED_MESSAGES: dict[str, Callable[[], BaseMessage]] = {
    COMPLETE_TEXT: CompleteMessage,
    GROUP_COMPLETE_TEXT: GroupCompleteMessage,
    EVENT_COMPLETE_TEXT: EventCompleteMessage,
}

PROCESSING_FAILED_DETAIL = "Failed to process message"
BINARY_FRAME_DETAIL = "Binary frames are not supported; send JSON text frames"
RATE_LIMIT_DETAIL = "Rate limit exceeded; message dropped"

NOT_AN_OBJECT_ERRORS: list[dict[str, Any]] = [
    {
        "type": "model_attributes_type",
        "loc": [],
        "msg": "Input should be a valid dictionary or object to extract fields from",
    }
]


def too_large_detail(limit: int) -> str:
    return f"Message exceeds the maximum size of {limit} characters; message dropped"


def validation_entries(error: ValidationError) -> list[dict[str, Any]]:
    """Validation errors as the client sees them: ``type``, ``loc`` (a list) and ``msg``."""
    return [
        {"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"]}
        for e in error.errors(include_url=False, include_context=False, include_input=False)
    ]


def classify_json_error(
    error: ValidationError,
) -> Literal["undecodable", "not_object", "validation"]:
    """Tell apart undecodable text and non-object JSON from ordinary validation failures."""
    errors = error.errors(include_url=False, include_context=False, include_input=False)
    if len(errors) == 1 and not errors[0]["loc"]:
        if errors[0]["type"] == "json_invalid":
            return "undecodable"
        if errors[0]["type"] in ("dict_type", "model_attributes_type"):
            return "not_object"
    return "validation"
