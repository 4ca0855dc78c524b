"""Client for the ``echo`` channel."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import TypeAdapter

from ..base.client import BaseClient
from ..shared.messages import ErrorMessage, PingMessage, PongMessage
from .messages import (
    EchoMessage,
    EchoPayload,
    EchoReply,
    IncomingMessage,
    OutgoingMessage,
    ServerNotice,
)


class EchoClient(BaseClient[IncomingMessage, OutgoingMessage]):
    """Client for the ``echo`` channel."""

    path: ClassVar[str] = "/ws/echo"
    incoming_message: ClassVar[Any] = IncomingMessage
    incoming_adapter: ClassVar[TypeAdapter[IncomingMessage] | None] = TypeAdapter(
        IncomingMessage
    )

    async def send_echo(self, payload: EchoPayload) -> None:
        """Send ``echo``."""
        await self.send_message(EchoMessage(payload=payload))

    async def send_ping(self, payload: None = None) -> None:
        """Send ``ping``."""
        await self.send_message(PingMessage(payload=payload))

    async def handle_message(self, message: IncomingMessage) -> None:
        """Dispatch an incoming message to its ``on_*`` handler."""
        if isinstance(message, EchoReply):
            await self.on_echo_reply(message)
        elif isinstance(message, PongMessage):
            await self.on_pong(message)
        elif isinstance(message, ErrorMessage):
            await self.on_error(message)
        elif isinstance(message, ServerNotice):
            await self.on_server_notice(message)

    async def on_echo_reply(self, message: EchoReply) -> None:
        """Handle ``echo_reply`` from the server; override in a subclass."""

    async def on_pong(self, message: PongMessage) -> None:
        """Handle ``pong`` from the server; override in a subclass."""

    async def on_error(self, message: ErrorMessage) -> None:
        """Handle ``error`` from the server; override in a subclass."""

    async def on_server_notice(self, message: ServerNotice) -> None:
        """Handle ``server_notice`` from the server; override in a subclass."""
