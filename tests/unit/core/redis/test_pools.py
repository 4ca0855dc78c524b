"""History and presence follow the channel layer's Redis host entry, in every form the layers
accept, and every pool waits for a free connection instead of failing a burst.

Issues: with a host dict carrying a password, presence and history failed
(``AuthenticationError``); with ``db: 5`` the history keys landed in db 0; 300 simultaneous
subscribes got ``Too many connections`` (the async pool's cap of 100, failing at once).
Tested against a password-protected Redis (``requirepass secret``) started for the session.
"""

import asyncio
import uuid
from collections.abc import Callable
from typing import Any, Literal

import pytest
import redis.asyncio
from channels_redis.core import RedisChannelLayer as ChannelsRedisLayer
from examples.deploy.redis_pools import pooled_redis_host, sentinel_host
from fast_channels.layers.redis import RedisChannelLayer as FastChannelsRedisLayer

from chanx.channels.layers import RedisChannelLayer as ChanxChannelsLayer
from chanx.core.redis.hosts import resilient_redis_host, resilient_sentinel_host
from chanx.core.redis.pools import describe_host, redis_pool
from chanx.core.topic import Topic
from chanx.core.topics.redis_history import RedisHistoryStore
from chanx.core.topics.stores import history_store, presence_store, store_key
from chanx.fast_channels.redis_layer import RedisChannelLayer as ChanxFastLayer
from chanx.messages.base import BaseMessage
from tests.services import PASSWORD, PasswordRedis, require_redis

# Private redis-server and sentinel processes: a system test (the locked suite runs it).
pytestmark = pytest.mark.system

LAYERS: dict[str, type[Any]] = {
    "channels-redis": ChannelsRedisLayer,
    "fast-channels": FastChannelsRedisLayer,
    "chanx.channels": ChanxChannelsLayer,
    "chanx.fast_channels": ChanxFastLayer,
}

HostForm = Callable[[int], Any]
HOST_FORMS: dict[str, HostForm] = {
    "url": lambda port: f"redis://:{PASSWORD}@127.0.0.1:{port}/5",
    "address dict": lambda port: {
        "address": f"redis://127.0.0.1:{port}",
        "password": PASSWORD,
        "db": 5,
    },
    "host dict": lambda port: {"host": "127.0.0.1", "port": port, "password": PASSWORD, "db": 5},
    "resilient entry": lambda port: {
        **resilient_redis_host(f"redis://127.0.0.1:{port}"),
        "password": PASSWORD,
        "db": 5,
    },
}


class Noted(BaseMessage):
    action: Literal["noted"] = "noted"
    payload: int


def topic_on(layer: Any) -> type[Topic]:
    class Notes(Topic):
        pattern = "notes:{pk}"
        history_size = 20
        history_ttl = 60.0
        track_presence = True

        @classmethod
        def get_channel_layer(cls, alias: str) -> Any:
            return layer

    return Notes


async def _keys(server: PasswordRedis, db: int, prefix: str) -> list[bytes]:
    client = redis.asyncio.Redis(port=server.port, password=PASSWORD, db=db)
    try:
        return [key async for key in client.scan_iter(match=f"{prefix}*")]
    finally:
        await client.aclose()


@pytest.mark.parametrize("form", sorted(HOST_FORMS))
@pytest.mark.parametrize("layer_name", sorted(LAYERS))
async def test_history_presence_and_the_layer_use_the_host_entry(
    password_redis: PasswordRedis, layer_name: str, form: str
) -> None:
    prefix = f"chanx-test-{uuid.uuid4().hex[:10]}"
    layer = LAYERS[layer_name](hosts=[HOST_FORMS[form](password_redis.port)], prefix=prefix)
    notes = topic_on(layer)
    key = store_key(notes, "notes:1")

    assert await notes.broadcast("notes:1", Noted(payload=1)) == 1  # history + group_send
    state = await history_store(notes).read(key, 0, ttl=60.0)
    assert [p.offset for p in state.publications] == [1]
    presence = presence_store(notes)
    await presence.join(key, "member-1", {"name": "ada"}, ttl=5.0)
    assert await presence.members(key) == {"member-1": {"name": "ada"}}
    await presence.leave(key, "member-1")

    channel = await layer.new_channel()  # the layer itself, on the same entry
    await layer.group_add("g", channel)
    await layer.group_send("g", {"type": "x.y", "n": 7})
    assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 7

    in_db5 = await _keys(password_redis, 5, prefix)
    assert any(b":chanx:" in k for k in in_db5), in_db5  # history keys in db 5
    assert await _keys(password_redis, 0, prefix) == []
    await history_store(notes).clear()
    await layer.flush()
    assert PASSWORD not in describe_host(HOST_FORMS[form](password_redis.port))


async def test_a_host_port_tuple_works_for_history() -> None:
    url = require_redis()
    host, port = url.split("//")[1].split("/")[0].split(":")
    prefix = f"chanx-test-{uuid.uuid4().hex[:10]}"
    layer = ChannelsRedisLayer(hosts=[(host, int(port))], prefix=prefix)
    notes = topic_on(layer)
    assert await notes.broadcast("notes:2", Noted(payload=2)) == 1
    await history_store(notes).clear()


async def test_a_burst_beyond_the_pool_waits_for_a_connection(
    password_redis: PasswordRedis,
) -> None:
    entry = {"address": f"redis://:{PASSWORD}@127.0.0.1:{password_redis.port}/5"}
    pool = redis_pool({**entry, "max_connections": 3, "pool_timeout": 10})
    client = redis.asyncio.Redis.from_pool(pool)
    try:
        # 300 commands at once share 3 connections (redis-py's own pool fails the 4th).
        results = await asyncio.gather(*(client.ping() for _ in range(300)))
        assert results == [True] * 300
        assert len(pool._available_connections) + len(pool._in_use_connections) <= 3
    finally:
        await client.aclose()


@pytest.mark.parametrize("layer_name", ["chanx.channels", "chanx.fast_channels"])
async def test_300_simultaneous_subscribes_worth_of_redis_work_all_succeed(
    password_redis: PasswordRedis, layer_name: str
) -> None:
    prefix = f"chanx-test-{uuid.uuid4().hex[:10]}"
    layer = LAYERS[layer_name](
        hosts=[HOST_FORMS["address dict"](password_redis.port)], prefix=prefix
    )
    notes = topic_on(layer)
    key = store_key(notes, "notes:3")
    await notes.broadcast("notes:3", Noted(payload=3))
    channels = [await layer.new_channel() for _ in range(300)]

    async def subscribe(n: int) -> int:
        # What a subscribe with ``since`` does: join the group, join presence, read history.
        await layer.group_add(notes.group_name("notes:3"), channels[n])
        await presence_store(notes).join(key, f"m{n}", {}, ttl=5.0)
        state = await history_store(notes).read(key, 0, ttl=60.0)
        return len(state.publications)

    assert await asyncio.gather(*(subscribe(n) for n in range(300))) == [1] * 300
    assert len(await presence_store(notes).members(key)) == 300
    await history_store(notes).clear()
    await presence_store(notes).clear()
    await layer.flush()


def _resilient_sentinel_entry(port: int, password: str) -> dict[str, Any]:
    return resilient_sentinel_host("mymaster", [("127.0.0.1", port)], password=password, db=5)


SENTINEL_ENTRIES: dict[str, Callable[[int, str], dict[str, Any]]] = {
    "plain": sentinel_host,
    "resilient": _resilient_sentinel_entry,
}


@pytest.mark.parametrize("entry", sorted(SENTINEL_ENTRIES))
@pytest.mark.parametrize("layer_name", sorted(LAYERS))
async def test_a_sentinel_entry_works_for_history_presence_and_the_layer(
    password_redis: PasswordRedis, redis_sentinel: int, layer_name: str, entry: str
) -> None:
    prefix = f"chanx-test-{uuid.uuid4().hex[:10]}"
    host = SENTINEL_ENTRIES[entry](redis_sentinel, PASSWORD)
    layer = LAYERS[layer_name](hosts=[host], prefix=prefix)
    notes = topic_on(layer)
    key = store_key(notes, "notes:9")
    assert await notes.broadcast("notes:9", Noted(payload=9)) == 1
    presence = presence_store(notes)
    await presence.join(key, "member-9", {}, ttl=5.0)
    assert list(await presence.members(key)) == ["member-9"]
    channel = await layer.new_channel()
    await layer.group_add("g", channel)
    await layer.group_send("g", {"type": "x.y", "n": 9})
    assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 9
    assert any(b":chanx:" in k for k in await _keys(password_redis, 5, prefix))
    await history_store(notes).clear()
    await presence.clear()
    await layer.flush()


@pytest.mark.parametrize("layer_name", ["chanx.channels", "chanx.fast_channels"])
async def test_a_pooled_entry_sizes_the_layer_and_store_pools(
    password_redis: PasswordRedis, layer_name: str
) -> None:
    # ``pool_timeout`` is chanx's own key: the plain layers would hand it to redis-py.
    entry = pooled_redis_host(f"redis://:{PASSWORD}@127.0.0.1:{password_redis.port}/5")
    prefix = f"chanx-test-{uuid.uuid4().hex[:10]}"
    layer = LAYERS[layer_name](hosts=[entry], prefix=prefix)
    notes = topic_on(layer)
    assert await notes.broadcast("notes:4", Noted(payload=4)) == 1
    store = history_store(notes)
    assert isinstance(store, RedisHistoryStore)
    pool = store.client().connection_pool
    assert (pool.max_connections, getattr(pool, "timeout", None)) == (200, 5.0)
    assert layer.create_pool(0).max_connections == 200
    await history_store(notes).clear()
    await layer.flush()
