"""Messages of the topic protocol: subscribing to and leaving topics on one connection.

They travel with the envelope keys (``version``, ``topic``, ``ref``) beside ``action``.
"""

from typing import Literal

from chanx.messages.base import BaseMessage


class SubscribeMessage(BaseMessage):
    """Client → server: subscribe this connection to the frame's ``topic``."""

    action: Literal["subscribe"] = "subscribe"
    payload: None = None


class SubscribedMessage(BaseMessage):
    """Server → client: the connection is subscribed to the frame's ``topic``."""

    action: Literal["subscribed"] = "subscribed"
    payload: None = None


class UnsubscribeMessage(BaseMessage):
    """Client → server: leave the frame's ``topic``."""

    action: Literal["unsubscribe"] = "unsubscribe"
    payload: None = None


class UnsubscribedMessage(BaseMessage):
    """Server → client: the connection no longer receives the frame's ``topic``."""

    action: Literal["unsubscribed"] = "unsubscribed"
    payload: None = None
