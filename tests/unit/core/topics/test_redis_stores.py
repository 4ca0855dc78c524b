"""The Redis history and presence stores on a real Redis (``CHANX_TEST_REDIS_URL``)."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Literal

import pytest
from redis.asyncio import Redis

from chanx.core.topic import Topic
from chanx.core.topics.redis_history import RedisHistoryStore
from chanx.core.topics.redis_presence import RedisPresenceStore
from chanx.core.topics.stores import store_key
from chanx.ext.fast_channels.testing import isolated_channel_layer
from chanx.messages.base import BaseMessage
from tests.services import require_redis
from tests.suites.scale.conftest import require_redis_server
from tests.suites.scale.servers import ThrowawayRedis


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    url = require_redis()
    name = f"chanx-test-{uuid.uuid4().hex[:10]}"
    yield name
    client = Redis.from_url(url)
    async for key in client.scan_iter(match=f"{name}*", count=500):
        await client.delete(key)
    await client.aclose()


async def test_two_stores_appending_at_once_never_share_an_offset(prefix: str) -> None:
    url = require_redis()
    one, two = RedisHistoryStore(url, prefix=prefix), RedisHistoryStore(url, prefix=prefix)

    async def publish(store: RedisHistoryStore, who: str) -> list[tuple[int, str]]:
        return [
            await store.append("t", {"who": who, "n": n}, size=1000, ttl=None) for n in range(150)
        ]

    first, second = await asyncio.gather(publish(one, "a"), publish(two, "b"))
    offsets = sorted(offset for offset, _ in first + second)
    assert offsets == list(range(1, 301))
    assert len({epoch for _, epoch in first + second}) == 1
    state = await one.read("t", 0, ttl=None)
    assert [p.offset for p in state.publications] == offsets
    # Each process's own publications keep their order in the history.
    mine = [p.data["n"] for p in state.publications if p.data["who"] == "a"]
    assert mine == list(range(150))


async def test_size_limit_trim_and_ranges(prefix: str) -> None:
    store = RedisHistoryStore(require_redis(), prefix=prefix)
    for n in range(8):
        await store.append("t", {"n": n}, size=5, ttl=None)
    state = await store.read("t", 0, ttl=None)
    assert (state.offset, [p.offset for p in state.publications]) == (8, [4, 5, 6, 7, 8])
    assert not state.covers(0) and state.covers(3)
    middle = await store.read("t", 4, ttl=None, upto=6)
    assert [(p.offset, p.data) for p in middle.publications] == [(5, {"n": 4}), (6, {"n": 5})]
    await store.trim("t", 2)
    assert [p.offset for p in (await store.read("t", 0, ttl=None)).publications] == [7, 8]
    assert (await store.read("t", None, ttl=None)).publications == []


async def test_lost_history_starts_a_new_epoch(prefix: str) -> None:
    url = require_redis()
    store = RedisHistoryStore(url, prefix=prefix)
    _, old = await store.append("t", {"n": 1}, size=5, ttl=None)
    assert (await store.read("t", None, ttl=None)).epoch == old
    client = Redis.from_url(url)
    await client.delete(*store.keys("t"))  # what a flush or a restart without persistence does
    await client.aclose()
    offset, new = await store.append("t", {"n": 2}, size=5, ttl=None)
    assert (offset, new != old) == (1, True)
    # A topic nobody published to yet still has an epoch, at offset 0.
    fresh = await store.read("other", None, ttl=None)
    assert fresh.offset == 0 and fresh.epoch


async def test_an_idle_history_expires_after_its_ttl(prefix: str) -> None:
    store = RedisHistoryStore(require_redis(), prefix=prefix)
    _, epoch = await store.append("t", {"n": 1}, size=5, ttl=0.2)
    await asyncio.sleep(0.4)
    state = await store.read("t", 0, ttl=0.2)
    assert state.epoch != epoch and state.offset == 0


async def test_presence_across_stores_and_expiry_of_a_dead_holder(prefix: str) -> None:
    url = require_redis()
    alive, dead = RedisPresenceStore(url, prefix=prefix), RedisPresenceStore(url, prefix=prefix)
    expired: list[tuple[str, list[str]]] = []

    async def note(key: str, members: list[str]) -> None:
        expired.append((key, members))

    alive.on_expired = note
    await alive.join("room", "a", {"name": "ann"}, ttl=0.3)
    await dead.join("room", "b", {"name": "bob"}, ttl=0.3)
    assert await alive.members("room") == {"a": {"name": "ann"}, "b": {"name": "bob"}}
    dead.local.clear()  # the holder of "b" stops renewing, as a killed process would
    await asyncio.sleep(0.6)
    await alive.heartbeat()
    assert await dead.members("room") == {"a": {"name": "ann"}}
    assert expired == [("room", ["b"])]  # pruned once, by a live holder's heartbeat
    await alive.leave("room", "a")
    assert await alive.members("room") == {}
    assert alive.local == {}


async def test_a_heartbeat_after_a_long_outage_keeps_and_restores_its_own_members(
    prefix: str,
) -> None:
    """Redis away for longer than the ttl: a process's heartbeat never reports its own live
    members as expired, and puts back (and reports) those another process pruned or Redis lost."""
    url = require_redis()
    one, two = RedisPresenceStore(url, prefix=prefix), RedisPresenceStore(url, prefix=prefix)
    expired: list[tuple[str, list[str]]] = []
    restored: list[tuple[str, dict[str, dict[str, object]]]] = []

    async def note_expired(key: str, members: list[str]) -> None:
        expired.append((key, members))

    async def note_restored(key: str, members: dict[str, dict[str, object]]) -> None:
        restored.append((key, members))

    one.on_expired = two.on_expired = note_expired
    one.on_restored = two.on_restored = note_restored
    # Joined, then no heartbeat reaches Redis for longer than the ttl (the tasks are stopped).
    await one.join("room", "a", {"name": "ann"}, ttl=60)
    await two.join("room", "b", {"name": "bob"}, ttl=60)
    for store in (one, two):
        for task in list(store._heartbeats.values()):
            task.cancel()
    client = Redis.from_url(url)
    expiry = one.keys("room")[1]
    await client.zadd(expiry, {"a": 1, "b": 1})  # both expired long ago
    await client.aclose()

    await two.heartbeat()  # bob's process: ann is gone, bob is not
    assert expired == [("room", ["a"])] and restored == []
    await one.heartbeat()  # ann's process puts her back and says so
    assert expired == [("room", ["a"])]
    assert restored == [("room", {"a": {"name": "ann"}})]
    assert await one.members("room") == {"a": {"name": "ann"}, "b": {"name": "bob"}}
    await one.heartbeat()  # nothing more to report
    assert (len(expired), len(restored)) == (1, 1)
    await one.leave("room", "a")
    await two.leave("room", "b")


class SyncEvent(BaseMessage):
    action: Literal["sync_event"] = "sync_event"
    payload: int


async def test_broadcast_sync_from_a_thread_appends_to_the_redis_history(prefix: str) -> None:
    store = RedisHistoryStore(require_redis(), prefix=prefix)

    class SyncTopic(Topic):
        pattern = "sync:{pk}"
        history_size = 10
        history_store = store

    def publish() -> list[int | None]:
        # Each call runs in a loop of its own; its client closes with that loop.
        return [SyncTopic.broadcast_sync("sync:1", SyncEvent(payload=n)) for n in range(3)]

    with isolated_channel_layer():
        assert await asyncio.to_thread(publish) == [1, 2, 3]
    state = await store.read(store_key(SyncTopic, "sync:1"), 0, ttl=None)
    assert [p.data["event_data"]["payload"] for p in state.publications] == [0, 1, 2]


async def test_recovery_from_another_epoch_or_too_far_back_reads_nothing(prefix: str) -> None:
    url = require_redis()
    store = RedisHistoryStore(url, prefix=prefix)
    for n in range(30):
        _, epoch = await store.append("t", {"n": n}, size=100, ttl=None)
    assert len((await store.read("t", 0, ttl=None, epoch=epoch, limit=30)).publications) == 30
    assert (await store.read("t", 0, ttl=None, epoch="elsewhere")).publications == []
    too_far = await store.read("t", 0, ttl=None, epoch=epoch, limit=29)
    assert (too_far.publications, too_far.offset, too_far.covers(0)) == ([], 30, False)
    near = await store.read("t", 10, ttl=None, epoch=epoch, limit=20)
    assert [p.offset for p in near.publications] == list(range(11, 31))


async def test_a_history_nobody_published_to_expires(prefix: str) -> None:
    url = require_redis()
    store = RedisHistoryStore(url, prefix=prefix)
    state = await store.read("quiet", None, ttl=None)
    assert (state.offset, state.publications) == (0, [])
    client = Redis.from_url(url)
    try:
        _, meta = store.keys("quiet")
        assert 0 < await client.ttl(meta) <= 86_400  # no permanent key for a mere subscriber
        await store.append("quiet", {"n": 1}, size=10, ttl=None)
        assert await client.ttl(meta) == -1  # published: kept, as history_ttl=None asks
        assert (await store.read("quiet", None, ttl=None)).epoch == state.epoch
    finally:
        await client.aclose()


async def test_a_redis_rolled_back_to_a_snapshot_starts_a_new_epoch(tmp_path: Path) -> None:
    """Redis restarted from a stale snapshot holds offset 50 of a history that reached 80:
    the next publication must not reuse offset 51 in the same epoch (a client at 80 would drop
    it as a duplicate, one offline since 60 would skip 51-60): a new epoch starts."""
    require_redis_server()
    redis = ThrowawayRedis()
    redis.start_with(["--save", "", "--appendonly", "no", "--dir", str(tmp_path)])
    try:
        store = RedisHistoryStore(redis.url, prefix="rollback")
        for n in range(50):
            _, epoch = await store.append("t", {"n": n}, size=1000, ttl=None)
        admin = Redis.from_url(redis.url)
        await admin.save()  # the snapshot: offset 50
        await admin.aclose()
        for n in range(50, 80):
            await store.append("t", {"n": n}, size=1000, ttl=None)
        redis.kill()  # a crash: the last 30 publications exist only in the snapshot's future
        redis.start_with(["--save", "", "--appendonly", "no", "--dir", str(tmp_path)])
        restored = await store.read("t", 60, ttl=None, epoch=epoch)
        assert restored.epoch != epoch and not restored.covers(60)
        offset, after = await store.append("t", {"n": "new"}, size=1000, ttl=None)
        assert (offset, after != epoch) == (1, True)
    finally:
        redis.stop()
