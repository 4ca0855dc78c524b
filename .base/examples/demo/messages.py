"""Messages of the demo chat."""

from typing import Literal

from pydantic import BaseModel, Field

from chanx.messages.base import BaseMessage


class ChatText(BaseModel):
    """A line of chat."""

    name: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=2000)


class SendChat(BaseMessage):
    """Client → server: post a line to the room."""

    action: Literal["send_chat"] = "send_chat"
    payload: ChatText


class ChatPosted(BaseMessage):
    """Server → every client of the room: a line was posted."""

    action: Literal["chat_posted"] = "chat_posted"
    payload: ChatText


class RoomNotice(BaseMessage):
    """Server event (from plain Django code) pushed to a room."""

    action: Literal["room_notice"] = "room_notice"
    payload: str
