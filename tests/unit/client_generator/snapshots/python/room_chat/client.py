"""Client for the ``room_chat`` channel."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import TypeAdapter

from ..base.client import BaseClient
from ..shared.messages import ErrorMessage, PingMessage, PongMessage
from .messages import (
    ChatMessage,
    ChatNotificationMessage,
    ChatPayload,
    IncomingMessage,
    OutgoingMessage,
)


class RoomChatClient(BaseClient[IncomingMessage, OutgoingMessage]):
    """Chat in one room."""

    path: ClassVar[str] = "/ws/chat/{room_name}"
    incoming_message: ClassVar[Any] = IncomingMessage
    incoming_adapter: ClassVar[TypeAdapter[IncomingMessage] | None] = TypeAdapter(
        IncomingMessage
    )

    async def send_chat(self, payload: ChatPayload) -> None:
        """Send ``chat``."""
        await self.send_message(ChatMessage(payload=payload))

    async def send_ping(self, payload: None = None) -> None:
        """Send ``ping``."""
        await self.send_message(PingMessage(payload=payload))

    async def handle_message(self, message: IncomingMessage) -> None:
        """Dispatch an incoming message to its ``on_*`` handler."""
        if isinstance(message, ErrorMessage):
            await self.on_error(message)
        elif isinstance(message, PongMessage):
            await self.on_pong(message)
        elif isinstance(message, ChatNotificationMessage):
            await self.on_chat_notification(message)

    async def on_error(self, message: ErrorMessage) -> None:
        """Handle ``error`` from the server; override in a subclass."""

    async def on_pong(self, message: PongMessage) -> None:
        """Handle ``pong`` from the server; override in a subclass."""

    async def on_chat_notification(self, message: ChatNotificationMessage) -> None:
        """Handle ``chat_notification`` from the server; override in a subclass."""
