"""Messages of the ``echo`` channel."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, Field

from ..shared.messages import ErrorMessage, PingMessage, PongMessage


class EchoPayload(BaseModel):
    text: str
    count: int = 1


class EchoMessage(BaseModel):
    action: Literal["echo"] = "echo"
    payload: EchoPayload


class EchoReply(BaseModel):
    action: Literal["echo_reply"] = "echo_reply"
    payload: EchoPayload


class ServerNotice(BaseModel):
    """Pushed by the server."""

    action: Literal["server_notice"] = "server_notice"
    payload: str


IncomingMessage: TypeAlias = Annotated[
    EchoReply | PongMessage | ErrorMessage | ServerNotice, Field(discriminator="action")
]
"""Messages the server sends on this channel."""

OutgoingMessage: TypeAlias = EchoMessage | PingMessage
"""Messages the client may send on this channel."""
