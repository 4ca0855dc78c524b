"""Standard client-to-server messages."""

from typing import Literal

from chanx.messages.base import BaseMessage


class PingMessage(BaseMessage):
    """A liveness probe; consumers usually answer it with ``PongMessage``."""

    action: Literal["ping"] = "ping"
    payload: None = None
