"""History and presence of a topic in its AsyncAPI channel: extension fields and messages.

A history topic's channel gets ``x-history`` (``size``, ``ttl`` in seconds or ``null``, the
``since`` keys a subscribe frame may carry and the keys its replies and pushes carry); a
presence topic's gets ``x-presence`` (``ttl``: the bound after which a dead process's members
are gone, ``pushes``: whether ``presence_join``/``presence_leave`` are sent) and its
``presence`` request and replies among the channel's messages.
"""

from typing import Any

from chanx.messages.base import BaseMessage
from chanx.messages.presence import (
    PresenceJoinMessage,
    PresenceLeaveMessage,
    PresenceRequestMessage,
    PresenceStateMessage,
)


def capability_extensions(topic: Any) -> dict[str, Any]:
    """The ``x-history``/``x-presence`` fields of ``topic``'s channel (empty: neither)."""
    found: dict[str, Any] = {}
    if topic.history_size > 0:
        found["x-history"] = {
            "size": topic.history_size,
            "ttl": topic.history_ttl,
            "since": ["offset", "epoch"],
            "subscribedKeys": ["epoch", "offset", "recovered"],
            "pushKeys": ["offset"],
        }
    if topic.track_presence:
        found["x-presence"] = {"ttl": topic.presence_ttl, "pushes": topic.presence_pushes}
    return found


def capability_messages(topic: Any) -> list[type[BaseMessage]]:
    """The presence messages of ``topic``'s channel (none without presence)."""
    if not topic.track_presence:
        return []
    found: list[type[BaseMessage]] = [PresenceRequestMessage, PresenceStateMessage]
    if topic.presence_pushes:
        found += [PresenceJoinMessage, PresenceLeaveMessage]
    return found
