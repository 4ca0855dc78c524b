"""Messages of the ``room_chat`` channel."""

from __future__ import annotations

import datetime as _datetime
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, Field

from ..shared.messages import ErrorMessage, PingMessage, PongMessage


class Author(BaseModel):
    name: str
    id: int | None = None


Mood: TypeAlias = Literal["happy", "sad"]


class ChatPayload(BaseModel):
    """Text posted to a room."""

    message: str
    mood: Mood = "happy"
    tags: list[str] = Field(default=[])


class ChatMessage(BaseModel):
    """A chat message from the client."""

    action: Literal["chat"] = "chat"
    payload: ChatPayload


class NotificationPayload(BaseModel):
    author: Author
    message: str
    sent_at: _datetime.datetime


class ChatNotificationMessage(BaseModel):
    action: Literal["chat_notification"] = "chat_notification"
    payload: NotificationPayload


IncomingMessage: TypeAlias = Annotated[
    ErrorMessage | PongMessage | ChatNotificationMessage, Field(discriminator="action")
]
"""Messages the server sends on this channel."""

OutgoingMessage: TypeAlias = ChatMessage | PingMessage
"""Messages the client may send on this channel."""
