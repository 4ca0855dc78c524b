"""Presence: who is subscribed to a topic, across processes.

A presence topic (``Topic.track_presence = True``) records each subscription as a member
(the connection's channel name plus the info of ``Topic.presence_info``) and removes it on
unsubscribe or disconnect. In Redis every member also has an expiry time: the process that
holds the connection renews it every ``presence_ttl / 3`` seconds (its heartbeat), so the
members of a process that dies without cleaning up (SIGKILL, power loss) are gone at most
``presence_ttl`` seconds after its last heartbeat. Reads never return an expired member.

:class:`MemoryPresenceStore` serves one process (in-memory channel layers);
:class:`~chanx.core.topics.redis_presence.RedisPresenceStore` keeps a hash (member → info) and a sorted set (member → expiry)
per topic.
"""

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

Members = dict[str, dict[str, Any]]
# Called with ``(key, expired member ids)`` when a heartbeat removes dead members.
ExpiredCallback = Callable[[str, list[str]], Awaitable[None]]
# Called with ``(key, {member id: info})`` when a heartbeat puts back members of this process
# that Redis had lost (an outage longer than ``presence_ttl``, a failover).
RestoredCallback = Callable[[str, Members], Awaitable[None]]


class PresenceStore(Protocol):
    """Where the members of presence topics are kept."""

    async def join(self, key: str, member: str, info: dict[str, Any], *, ttl: float) -> None:
        """Add (or renew) ``member`` of ``key`` with ``info``."""
        ...

    async def leave(self, key: str, member: str) -> None:
        """Remove ``member`` of ``key``."""
        ...

    async def members(self, key: str) -> Members:
        """The live members of ``key`` (member id → info)."""
        ...

    async def clear(self) -> None:
        """Forget every member of every topic."""
        ...


class MemoryPresenceStore:
    """Members in this process's memory (a process that dies takes them along)."""

    def __init__(self) -> None:
        self._topics: dict[str, Members] = {}

    async def join(self, key: str, member: str, info: dict[str, Any], *, ttl: float) -> None:
        self._topics.setdefault(key, {})[member] = info

    async def leave(self, key: str, member: str) -> None:
        found = self._topics.get(key)
        if found is not None:
            found.pop(member, None)
            if not found:
                del self._topics[key]

    async def members(self, key: str) -> Members:
        return dict(self._topics.get(key, {}))

    async def clear(self) -> None:
        self._topics.clear()
