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
and :class:`RedisHistoryStore` (a Redis Stream per topic plus a small hash for the epoch,
the last offset and the writing Redis process; one Lua script appends and trims, one reads).
"""

import json
import secrets
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from chanx.core.redis_client import LoopClients
from chanx.core.redis_pools import describe_host


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


# The id of the Redis process serving the script: a history it did not write may be stale.
_RUN_ID = "string.match(redis.call('INFO', 'server'), 'run_id:(%w+)')"

# KEYS: stream, meta. ARGV: data, size, ttl in ms (0: none), a new epoch.
_APPEND = f"""
local run = {_RUN_ID}
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch or redis.call('HGET', KEYS[2], 'run') ~= run then
  epoch = ARGV[4]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'epoch', epoch, 'offset', 0, 'run', run)
end
local offset = redis.call('HINCRBY', KEYS[2], 'offset', 1)
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], offset .. '-1', 't', ms, 'd', ARGV[1])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
else
  redis.call('PERSIST', KEYS[2])
end
return {{offset, epoch}}
"""

# KEYS: stream, meta. ARGV: after (-1: none), upto (-1: last), ttl in ms (0: none), a new
# epoch, the reader's epoch ('': any), the most publications to read (-1: no limit), how
# long the epoch of a history nobody published to yet is kept (ms).
_READ = f"""
local run = {_RUN_ID}
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch or redis.call('HGET', KEYS[2], 'run') ~= run then
  epoch = ARGV[4]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'epoch', epoch, 'offset', 0, 'run', run)
  local ttl = tonumber(ARGV[3])
  if ttl <= 0 then ttl = tonumber(ARGV[7]) end
  redis.call('PEXPIRE', KEYS[2], ttl)
end
local offset = tonumber(redis.call('HGET', KEYS[2], 'offset'))
local after = tonumber(ARGV[1])
if after < 0 or after >= offset then return {{epoch, offset, {{}}}} end
if ARGV[5] ~= '' and ARGV[5] ~= epoch then return {{epoch, offset, {{}}}} end
local upto = tonumber(ARGV[2])
if upto < 0 then upto = offset end
local limit = tonumber(ARGV[6])
if limit >= 0 and upto - after > limit then return {{epoch, offset, {{}}}} end
local now = redis.call('TIME')
return {{epoch, offset, redis.call('XRANGE', KEYS[1], (after + 1) .. '-1', upto .. '-1'), now[1]}}
"""

EMPTY_HISTORY_TTL = 86_400.0
"""Seconds the epoch of a history that nobody published to yet is kept (a subscriber read it);
the first publication keeps it for ``history_ttl`` (or for good when that is ``None``)."""


class RedisHistoryStore:
    """Histories in Redis: a Stream per topic (entry id ``<offset>-1``) and a hash with the
    epoch and the last offset. Appending is one Lua script: atomic across processes."""

    def __init__(self, url: str | dict[str, Any], *, prefix: str = "chanx") -> None:
        # ``url``: a Redis URL, or a channel layer host entry (chanx.core.redis_pools).
        self.url = describe_host(url)
        self.prefix = prefix
        self._clients = LoopClients(url)
        self._scripts: weakref.WeakKeyDictionary[Redis, dict[str, AsyncScript]] = (
            weakref.WeakKeyDictionary()
        )

    def client(self) -> Redis:
        """This event loop's Redis client (a client is bound to the loop that made it)."""
        return self._clients.get()

    def _script(self, source: str) -> AsyncScript:
        """``source`` as a script of this loop's client (EVALSHA; loaded on first use)."""
        client = self.client()
        scripts = self._scripts.setdefault(client, {})
        found = scripts.get(source)
        if found is None:
            found = scripts[source] = client.register_script(source)
        return found

    def keys(self, key: str) -> list[str]:
        """The Redis keys of ``key``'s history: the stream, then the meta hash."""
        base = f"{self.prefix}:history:{key}"
        return [base, f"{base}:meta"]

    async def append(
        self, key: str, data: dict[str, Any], *, size: int, ttl: float | None
    ) -> tuple[int, str]:
        args: list[str | int] = [
            json.dumps(data, separators=(",", ":")),
            size,
            _ms(ttl),
            new_epoch(),
        ]
        offset, epoch = await self._script(_APPEND)(keys=self.keys(key), args=args)
        return int(offset), _text(epoch)

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
        args: list[str | int] = [
            -1 if after is None else after,
            -1 if upto is None else upto,
            _ms(ttl),
            new_epoch(),
            "" if epoch is None else epoch,
            -1 if limit is None else limit,
            _ms(EMPTY_HISTORY_TTL),
        ]
        found = await self._script(_READ)(keys=self.keys(key), args=args)
        epoch, offset, entries = _text(found[0]), int(found[1]), found[2]
        publications: list[Publication] = []
        if entries:
            now_ms = int(found[3]) * 1000
            for entry_id, pairs in entries:
                values = dict(zip(pairs[::2], pairs[1::2], strict=True))
                if _expired(int(values[b"t"]), _ms(ttl) or None, now_ms):
                    continue
                offset_of = int(_text(entry_id).split("-", 1)[0])
                publications.append(Publication(offset_of, json.loads(values[b"d"])))
        return HistoryState(epoch, offset, publications)

    async def trim(self, key: str, keep: int) -> None:
        await self.client().xtrim(self.keys(key)[0], maxlen=keep, approximate=False)

    async def clear(self) -> None:
        client = self.client()
        async for name in client.scan_iter(match=f"{self.prefix}:history:*", count=500):
            await client.delete(name)


def _ms(ttl: float | None) -> int:
    return 0 if ttl is None else max(1, int(ttl * 1000))


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
