"""The ``room_chat`` channel: client and message models."""

from .client import RoomChatClient
from .messages import IncomingMessage, OutgoingMessage

__all__ = ["IncomingMessage", "OutgoingMessage", "RoomChatClient"]
