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


class Line(BaseModel):
    """What a visitor says in a room."""

    text: str = Field(min_length=1, max_length=500)


class Say(BaseMessage):
    """Client → a room topic: say a line (the name comes from the connection)."""

    action: Literal["say"] = "say"
    payload: Line


class PostedLine(BaseModel):
    """A line as everyone in the room sees it."""

    name: str
    text: str
    at: str  # when the server received it, ISO 8601 in UTC


class LinePosted(BaseMessage):
    """Server → everyone in the room: a line was said (kept in the room's history)."""

    action: Literal["line_posted"] = "line_posted"
    payload: PostedLine
