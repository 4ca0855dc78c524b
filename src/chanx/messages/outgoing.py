"""Standard server-to-client messages."""

from typing import Any, Literal

from pydantic import BaseModel

from chanx.constants import (
    EVENT_ACTION_COMPLETE,
    GROUP_ACTION_COMPLETE,
    MESSAGE_ACTION_COMPLETE,
)
from chanx.messages.base import BaseMessage

__all__ = [
    "EVENT_ACTION_COMPLETE",
    "GROUP_ACTION_COMPLETE",
    "MESSAGE_ACTION_COMPLETE",
    "AuthenticationMessage",
    "AuthenticationPayload",
    "CompleteMessage",
    "ErrorMessage",
    "EventCompleteMessage",
    "GroupCompleteMessage",
    "PongMessage",
]


class PongMessage(BaseMessage):
    """Answer to ``PingMessage``."""

    action: Literal["pong"] = "pong"
    payload: None = None


class ErrorMessage(BaseMessage):
    """An error report: ``{"detail": ...}`` or a list of validation entries."""

    action: Literal["error"] = "error"
    payload: Any = None


class AuthenticationPayload(BaseModel):
    """Outcome of connection authentication."""

    status_code: int
    status_text: str
    data: Any = None


class AuthenticationMessage(BaseMessage):
    """Sent once after authentication, success or failure."""

    action: Literal["authentication"] = "authentication"
    payload: AuthenticationPayload


class CompleteMessage(BaseMessage):
    """The consumer finished processing one client frame."""

    action: Literal["complete"] = "complete"
    payload: None = None


class GroupCompleteMessage(BaseMessage):
    """This connection finished relaying one group broadcast."""

    action: Literal["group_complete"] = "group_complete"
    payload: None = None


class EventCompleteMessage(BaseMessage):
    """This connection finished handling one channel event."""

    action: Literal["event_complete"] = "event_complete"
    payload: None = None
