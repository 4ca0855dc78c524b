"""Messages of the chat example: client frames, server frames and one server event."""

from typing import Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class ChatText(BaseModel):
    text: str


class ChatMessage(BaseMessage):
    """Client → server: say something in the room."""

    action: Literal["chat"] = "chat"
    payload: ChatText


class ChatNoticePayload(BaseModel):
    room: str
    text: str


class ChatNotice(BaseMessage):
    """Server → every member of the room: someone said something."""

    action: Literal["chat_notice"] = "chat_notice"
    payload: ChatNoticePayload


class Announce(BaseMessage):
    """Server event (from an HTTP route or a worker): announce ``payload`` to a room."""

    action: Literal["announce"] = "announce"
    payload: str


class Announcement(BaseMessage):
    """Server → client: an announcement relayed from an ``Announce`` event."""

    action: Literal["announcement"] = "announcement"
    payload: str
