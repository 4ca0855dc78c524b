"""``RedisHistoryStore``: histories in Redis, shared by every process on the same Redis.

A Redis Stream per topic (entry id ``<offset>-1``) and a small hash with the epoch, the last
offset and the Redis process that wrote it; one Lua script appends and trims, one reads.
Imported only when a topic's channel layer is a Redis layer (or a user names this store).
"""

import json
import weakref
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from chanx.core.redis.clients import LoopClients
from chanx.core.redis.host_entries import describe_host
from chanx.core.topics.history import (
    EMPTY_HISTORY_TTL,
    HistoryState,
    Publication,
    _expired,
    new_epoch,
)

# Opens both scripts (KEYS: stream, meta; ARGV[4]: a new epoch): a history that has no epoch
# yet, or that another Redis process wrote (its data may be stale: e.g. a restart or a
# failover), starts again, empty, in the new epoch. The ``if`` is closed by each script.
_START_EPOCH = """
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)')
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch or redis.call('HGET', KEYS[2], 'run') ~= run then
  epoch = ARGV[4]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'epoch', epoch, 'offset', 0, 'run', run)
"""

# KEYS: stream, meta. ARGV: data, size, ttl in ms (0: none), a new epoch.
_APPEND = f"""{_START_EPOCH}end
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
_READ = f"""{_START_EPOCH}  local ttl = tonumber(ARGV[3])
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


class RedisHistoryStore:
    """Histories in Redis: a Stream per topic (entry id ``<offset>-1``) and a hash with the
    epoch and the last offset. Appending is one Lua script: atomic across processes."""

    def __init__(self, url: str | dict[str, Any], *, prefix: str = "chanx") -> None:
        # ``url``: a Redis URL, or a channel layer host entry (chanx.core.redis.pools).
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
