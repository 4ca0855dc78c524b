"""The ``echo`` channel: client and message models."""

from .client import EchoClient
from .messages import IncomingMessage, OutgoingMessage

__all__ = ["EchoClient", "IncomingMessage", "OutgoingMessage"]
