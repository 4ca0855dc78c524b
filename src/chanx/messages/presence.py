"""Messages of topic history recovery and presence.

A subscribe frame may carry ``since`` (beside ``action``) to recover what it missed; the
``subscribed`` reply of a history topic then carries ``epoch``, ``offset`` and
``recovered``, and every push of such a topic its ``offset`` (envelope keys, beside
``action``). Presence topics answer a ``presence`` request with ``presence_state`` and may
push ``presence_join``/``presence_leave``.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field, StrictInt, StrictStr

from chanx.messages.base import BaseMessage

MAX_EPOCH_LENGTH = 64


class Since(BaseModel):
    """Where a client's copy of a topic stands: the last ``offset`` it got, in ``epoch``."""

    offset: StrictInt = Field(ge=0)
    epoch: StrictStr = Field(max_length=MAX_EPOCH_LENGTH)


class SubscribeSince(BaseModel):
    """The recovery part of a subscribe frame (``since`` is optional)."""

    since: Since | None = None


class PresenceRequestMessage(BaseMessage):
    """Client → server: who is subscribed to the frame's ``topic``?"""

    action: Literal["presence"] = "presence"
    payload: None = None


class PresenceMember(BaseModel):
    """One subscription: its connection id and what ``Topic.presence_info`` says about it."""

    id: str
    info: dict[str, Any] = Field(default_factory=dict)


class PresenceState(BaseModel):
    """Every live member of a topic, on any process."""

    members: list[PresenceMember]


class PresenceStateMessage(BaseMessage):
    """Server → client: the reply to ``presence``."""

    action: Literal["presence_state"] = "presence_state"
    payload: PresenceState


class PresenceJoinMessage(BaseMessage):
    """Server → subscribers: a connection subscribed to the topic."""

    action: Literal["presence_join"] = "presence_join"
    payload: PresenceMember


class PresenceLeaveMessage(BaseMessage):
    """Server → subscribers: a connection left the topic (or its process died)."""

    action: Literal["presence_leave"] = "presence_leave"
    payload: PresenceMember


PRESENCE_OUTPUTS: tuple[type[BaseMessage], ...] = (
    PresenceStateMessage,
    PresenceJoinMessage,
    PresenceLeaveMessage,
)
