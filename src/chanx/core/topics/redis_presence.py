"""``RedisPresenceStore``: presence members in Redis, shared by every process on the same Redis.

A hash (member → info) and a sorted set (member → expiry) per topic; each process renews its
members' expiry with a heartbeat. Imported only when a topic's channel layer is a Redis layer
(or a user names this store).
A heartbeat never reports its own process's members as expired, and puts back (and reports)
those Redis lost: after an outage longer than ``presence_ttl``, or a failover to a replica
that had not received them, every live member is listed again within one heartbeat.
"""

import asyncio
import json
import weakref
from typing import Any

from redis.asyncio import Redis

from chanx.core.redis.clients import LoopClients
from chanx.core.redis.host_entries import describe_host
from chanx.core.topics.presence import ExpiredCallback, Members, RestoredCallback

# KEYS: info hash, expiry zset. ARGV: ttl ms, then member/info pairs. Prunes the expired
# members, (re)adds the given ones; returns the ids it pruned that are not given (members of
# other processes) and the given ids that were missing (removed by another process's
# heartbeat after an outage longer than the ttl, or lost in a failover).
_HEARTBEAT = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local mine = {}
local missing = {}
for i = 2, #ARGV, 2 do
  mine[ARGV[i]] = true
  if not redis.call('ZSCORE', KEYS[2], ARGV[i]) then missing[#missing + 1] = ARGV[i] end
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ms)
local dead = {}
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms)
  redis.call('HDEL', KEYS[1], unpack(expired))
  for _, member in ipairs(expired) do
    if not mine[member] then dead[#dead + 1] = member end
  end
end
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[2], ms + ttl, ARGV[i])
end
if #ARGV > 1 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return {dead, missing}
"""

# KEYS: info hash, expiry zset. The live members (expired ones are left for a heartbeat to
# prune, so that it can announce their leave).
_MEMBERS = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ms, '+inf')
if #live == 0 then return {} end
local infos = redis.call('HMGET', KEYS[1], unpack(live))
local found = {}
for i = 1, #live do
  if infos[i] then
    found[#found + 1] = live[i]
    found[#found + 1] = infos[i]
  end
end
return found
"""


class RedisPresenceStore:
    """Members in Redis, renewed by a heartbeat task of each process that holds some."""

    def __init__(self, url: str | dict[str, Any], *, prefix: str = "chanx") -> None:
        # ``url``: a Redis URL, or a channel layer host entry (chanx.core.redis.pools).
        self.url = describe_host(url)
        self.prefix = prefix
        self._clients = LoopClients(url)
        # The members this process holds, renewed by the heartbeat: key → (ttl, members).
        self.local: dict[str, tuple[float, Members]] = {}
        self._heartbeats: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, asyncio.Task[None]
        ] = weakref.WeakKeyDictionary()
        # Told about members a heartbeat found expired, and about members of this process a
        # heartbeat had to put back (set by the topic machinery).
        self.on_expired: ExpiredCallback | None = None
        self.on_restored: RestoredCallback | None = None

    def client(self) -> Redis:
        """This event loop's Redis client."""
        return self._clients.get()

    def keys(self, key: str) -> list[str]:
        """The info hash and the expiry sorted set of ``key``."""
        base = f"{self.prefix}:presence:{key}"
        return [base, f"{base}:exp"]

    async def join(self, key: str, member: str, info: dict[str, Any], *, ttl: float) -> None:
        text = json.dumps(info, separators=(",", ":"))
        self.local.setdefault(key, (ttl, {}))[1][member] = info
        await self._beat(key, ttl, {member: text})
        self._ensure_heartbeat(ttl)

    async def leave(self, key: str, member: str) -> None:
        held = self.local.get(key)
        if held is not None:
            held[1].pop(member, None)
            if not held[1]:
                del self.local[key]
        info, expiry = self.keys(key)
        async with self.client().pipeline(transaction=True) as pipe:
            pipe.hdel(info, member)
            pipe.zrem(expiry, member)
            await pipe.execute()

    async def members(self, key: str) -> Members:
        found = await self.client().eval(_MEMBERS, 2, *self.keys(key))
        return {_text(found[i]): json.loads(found[i + 1]) for i in range(0, len(found), 2)}

    async def clear(self) -> None:
        self.local.clear()
        client = self.client()
        async for name in client.scan_iter(match=f"{self.prefix}:presence:*", count=500):
            await client.delete(name)

    async def heartbeat(self) -> None:
        """Renew every member this process holds; report expired members of their topics."""
        for key, (ttl, members) in list(self.local.items()):
            texts = {m: json.dumps(i, separators=(",", ":")) for m, i in members.items()}
            missing = await self._beat(key, ttl, texts)
            if missing and self.on_restored is not None:
                await self.on_restored(key, {m: members[m] for m in missing if m in members})

    async def _beat(self, key: str, ttl: float, members: dict[str, str]) -> list[str]:
        """Renew ``members`` of ``key``, prune expired ones (reported); the given members
        that were missing."""
        args: list[Any] = [max(1, int(ttl * 1000))]
        for member, text in members.items():
            args += [member, text]
        dead, missing = await self.client().eval(_HEARTBEAT, 2, *self.keys(key), *args)
        if dead and self.on_expired is not None:
            await self.on_expired(key, [_text(d) for d in dead])
        return [_text(m) for m in missing]

    def _ensure_heartbeat(self, ttl: float) -> None:
        loop = asyncio.get_running_loop()
        task = self._heartbeats.get(loop)
        if task is None or task.done():
            self._heartbeats[loop] = loop.create_task(self._run_heartbeat(ttl / 3))

    async def _run_heartbeat(self, every: float) -> None:
        # Runs while this process holds members; a failed beat is retried on the next one.
        while self.local:
            await asyncio.sleep(min([every, *(t / 3 for t, _ in self.local.values())]))
            try:
                await self.heartbeat()
            except Exception as exc:  # Redis away: the next beat tries again
                from chanx.utils.logging import logger

                await logger.awarning(f"Presence heartbeat failed: {exc}")


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
