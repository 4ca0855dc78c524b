"""Bounded per-topic history: every publication gets an ``offset``, every history an ``epoch``.

A history topic (``Topic.history_size > 0``) appends each publication to its store before
it is broadcast. The append assigns the next offset of the topic (1, 2, 3 ...) in the same
atomic step, so two processes publishing at once never share an offset. The ``epoch`` names
one unbroken history: when the history is lost (Redis flushed or restarted without
persistence, the topic idle past ``history_ttl``, the in-memory store cleared) the next
publication starts a new epoch at offset 1, and a client holding the old epoch is told it
cannot recover.

A Redis history also starts a new epoch when the Redis process that holds it is not the one
that wrote it (Redis restarted from a snapshot, or a replica promoted by a failover): such a
history may have lost its newest publications, and reusing their offsets in the same epoch
would let a client skip publications silently.

A recovery costs O(1) in the store when it cannot succeed (another epoch, an offset past the
history) and reads at most ``limit`` publications when it can; past that it is refused.

Two stores: :class:`MemoryHistoryStore` (one process; used with in-memory channel layers)
and :class:`~chanx.core.topics.redis_history.RedisHistoryStore` (a Redis Stream per topic plus a small hash for the epoch,
the last offset and the writing Redis process; one Lua script appends and trims, one reads).
"""

import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Publication:
    """One stored publication: its offset and the channel message that carried it."""

    offset: int
    data: dict[str, Any]


@dataclass(frozen=True)
class HistoryState:
    """Where a topic's history stands: its ``epoch``, its last ``offset`` and, for a read
    ``after`` some offset, the publications after it that are still kept (oldest first)."""

    epoch: str
    offset: int
    publications: list[Publication] = field(default_factory=list)

    def covers(self, after: int) -> bool:
        """Do ``publications`` hold every offset from ``after + 1`` to ``offset``?"""
        if after > self.offset or after < 0:
            return False
        wanted = self.offset - after
        return len(self.publications) == wanted and all(
            p.offset == after + 1 + i for i, p in enumerate(self.publications)
        )


class HistoryStore(Protocol):
    """Where the publications of history topics are kept."""

    async def append(
        self, key: str, data: dict[str, Any], *, size: int, ttl: float | None
    ) -> tuple[int, str]:
        """Store ``data`` as the next publication of ``key``; its ``(offset, epoch)``."""
        ...

    async def read(
        self,
        key: str,
        after: int | None,
        *,
        ttl: float | None,
        upto: int | None = None,
        epoch: str | None = None,
        limit: int | None = None,
    ) -> HistoryState:
        """The epoch and last offset of ``key`` and (``after`` given) the kept publications
        after ``after`` (up to ``upto``), all in one step.

        No publication is read when ``epoch`` is given and is not the history's, or when
        more than ``limit`` would be.
        """
        ...

    async def trim(self, key: str, keep: int) -> None:
        """Keep only the newest ``keep`` publications of ``key`` (offsets go on)."""
        ...

    async def clear(self) -> None:
        """Forget every history of this store (each topic starts a new epoch)."""
        ...


def new_epoch() -> str:
    """A fresh epoch name (random, so a restarted store never repeats one)."""
    return secrets.token_hex(6)


def _expired(stamp: float, ttl: float | None, now: float) -> bool:
    return ttl is not None and stamp < now - ttl


def _worth_reading(
    current: str, offset: int, after: int | None, upto: int, epoch: str | None, limit: int | None
) -> bool:
    """Whether a read after ``after`` can return anything a client may use."""
    if after is None or after < 0 or after >= offset:
        return False
    if epoch is not None and epoch != current:
        return False
    return limit is None or upto - after <= limit


class MemoryHistoryStore:
    """Histories in this process's memory (for in-memory channel layers and tests)."""

    def __init__(self) -> None:
        self._topics: dict[str, tuple[str, int, deque[tuple[int, float, dict[str, Any]]]]] = {}

    async def append(
        self, key: str, data: dict[str, Any], *, size: int, ttl: float | None
    ) -> tuple[int, str]:
        now = time.time()
        epoch, offset, entries = self._state(key, ttl, now)
        offset += 1
        entries.append((offset, now, data))
        while len(entries) > size:
            entries.popleft()
        self._topics[key] = (epoch, offset, entries)
        return offset, epoch

    async def read(
        self,
        key: str,
        after: int | None,
        *,
        ttl: float | None,
        upto: int | None = None,
        epoch: str | None = None,
        limit: int | None = None,
    ) -> HistoryState:
        now = time.time()
        current, offset, entries = self._state(key, ttl, now)
        last = offset if upto is None else upto
        if not _worth_reading(current, offset, after, last, epoch, limit):
            return HistoryState(current, offset)
        assert after is not None
        found = [
            Publication(o, data)
            for o, stamp, data in entries
            if after < o <= last and not _expired(stamp, ttl, now)
        ]
        return HistoryState(current, offset, found)

    async def trim(self, key: str, keep: int) -> None:
        state = self._topics.get(key)
        if state is not None:
            entries = state[2]
            while len(entries) > keep:
                entries.popleft()

    async def clear(self) -> None:
        self._topics.clear()

    def _state(
        self, key: str, ttl: float | None, now: float
    ) -> tuple[str, int, deque[tuple[int, float, dict[str, Any]]]]:
        state = self._topics.get(key)
        # A history idle for longer than ``ttl`` is gone, as its Redis keys would be.
        if state is None or (state[2] and _expired(state[2][-1][1], ttl, now)):
            state = (new_epoch(), 0, deque())
            self._topics[key] = state
        return state


EMPTY_HISTORY_TTL = 86_400.0
"""Seconds the epoch of a history that nobody published to yet is kept (a subscriber read it);
the first publication keeps it for ``history_ttl`` (or for good when that is ``None``)."""
