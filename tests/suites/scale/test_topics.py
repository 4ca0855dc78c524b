"""Topics on real Redis: publications across processes, and no stale group membership."""

import asyncio
import json
import random
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from django.test import override_settings
from fast_channels.layers import register_channel_layer, unregister_channel_layer

from chanx.ext.fast_channels.layers import create_redis_layer
from tests.conftest import Adapter
from tests.suites.behaviour.topics import build
from tests.suites.scale.client import (
    expect_silence_all,
    open_client,
    recv_until,
)
from tests.suites.scale.conftest import GroupMembers, delete_prefix, unique_prefix
from tests.suites.scale.servers import ROOT, Server, server_env

Stack = tuple[str, str, list[Server]]


async def request(ws: Any, frame: dict[str, Any]) -> list[dict[str, Any]]:
    """Send an addressed frame; the frames up to its reply (the first with the same ``ref``)."""
    await ws.send(json.dumps({"version": 1, **frame}))
    return await recv_until(ws, lambda fs: bool(fs) and fs[-1].get("ref") == frame["ref"])


def pushes(frames: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return [
        (f["topic"], f["payload"], f.get("seq")) for f in frames if f["action"] == "comment_posted"
    ]


async def test_publication_reaches_subscribers_on_the_other_process_and_only_them(
    stack: Stack, redis_url: str, group_members: GroupMembers
) -> None:
    name, prefix, (a, b) = stack
    topic = f"discussion:{uuid.uuid4().hex[:8]}"
    other = f"discussion:{uuid.uuid4().hex[:8]}"
    group = build_group(name, topic)
    author, reader, bystander, plain = [
        await open_client(url) for url in (a.board_url, b.board_url, b.board_url, a.board_url)
    ]
    clients = [author, reader, bystander, plain]
    try:
        for ws, (t, ref) in zip(
            (author, reader, bystander), ((topic, "s1"), (topic, "s2"), (other, "s3")), strict=True
        ):
            frames = await request(ws, {"topic": t, "ref": ref, "action": "subscribe"})
            assert frames[0] == {
                "action": "subscribed", "payload": None, "version": 1, "topic": t, "ref": ref
            }  # fmt: skip
        assert group_members.count(prefix, group) == 2

        frames = await request(
            author, {"topic": topic, "ref": "p", "action": "post_comment", "payload": "cross"}
        )
        assert {"action": "comment_accepted", "payload": "cross", "version": 1, "topic": topic,
                "ref": "p"} in frames  # fmt: skip
        got = await recv_until(reader, lambda fs: bool(pushes(fs)))
        assert pushes(got) == [(topic, "cross", 7)]

        # A third process publishes with the sync API.
        script = [sys.executable, "-m", "tests.suites.scale.publish_topic", name, topic, "from-cli"]
        done = await asyncio.to_thread(
            subprocess.run,
            script,
            cwd=ROOT,
            env=server_env(name, redis_url, prefix),
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        for ws in (author, reader):
            got = await recv_until(ws, lambda fs: (topic, "from-cli", 42) in pushes(fs))
            assert [p for p in pushes(got) if p[1] == "from-cli"] == [(topic, "from-cli", 42)]
        late = await expect_silence_all(clients)
        assert [pushes(f) for f in late] == [[], [], [], []]
        seen_elsewhere = late[2] + late[3]
        assert all(f["action"] == "welcome" for f in seen_elsewhere)
    finally:
        for ws in clients:
            await ws.close()
    await eventually_zero(group_members, prefix, group)


def build_group(stack: str, topic: str) -> str:
    # The group name depends only on the topic class name and the topic string.
    return f"DiscussionTopic.{topic.replace(':', '-')}"


async def eventually_zero(group_members: GroupMembers, prefix: str, group: str) -> None:
    for _ in range(100):
        if group_members.count(prefix, group) == 0:
            return
        await asyncio.sleep(0.05)
    assert group_members.count(prefix, group) == 0


# -- in-process floods on the real Redis layer of each adapter ------------------------------------


@pytest.fixture
def redis_layer(adapter: Adapter, redis_url: str) -> Iterator[str]:
    """The adapter's ``default`` layer on real Redis under a fresh prefix (yields the prefix)."""
    prefix = unique_prefix()
    if adapter.name == "fast_channels":
        register_channel_layer("default", create_redis_layer(redis_url, prefix=prefix))
        try:
            yield prefix
        finally:
            unregister_channel_layer("default")
            register_channel_layer("default", _in_memory())
    else:
        config = {"hosts": [redis_url], "prefix": prefix}
        layers = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": config}}
        with override_settings(CHANNEL_LAYERS=layers):
            yield prefix
    delete_prefix(redis_url, prefix)


def _in_memory() -> Any:
    from fast_channels.layers import InMemoryChannelLayer

    return InMemoryChannelLayer()


@pytest.fixture
async def flood_board(adapter: Adapter) -> AsyncIterator[Any]:
    board = build(adapter.Consumer)

    class FloodBoard(board.Board):  # type: ignore[name-defined,misc]
        max_concurrent_messages = 8
        max_subscriptions = 6

    yield board, FloodBoard


def flood_frames(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    frames = []
    for n in range(count):
        action = rng.choice(["subscribe", "subscribe", "unsubscribe"])
        topic = rng.choice([f"discussion:{i}" for i in range(10)] + ["secret:closed", "nope:1"])
        frames.append({"version": 1, "topic": topic, "ref": str(n), "action": action})
    return frames


async def test_flood_of_subscribe_and_unsubscribe_leaves_exact_membership(
    adapter: Adapter,
    redis_layer: str,
    flood_board: Any,
    group_members: GroupMembers,
) -> None:
    board, consumer = flood_board
    frames = flood_frames(1, 300)
    comm = adapter.communicator(consumer)
    await comm.connect(timeout=5)
    for frame in frames:
        await comm.send_to(text_data=json.dumps(frame))
    # Every frame gets exactly one reply carrying its ref (nothing on a topic completes).
    received: list[dict[str, Any]] = []
    async with asyncio.timeout(30):
        while sum(1 for f in received if "ref" in f) < len(frames):
            received.append(await comm.next_frame())
    assert sorted(int(f["ref"]) for f in received if "ref" in f) == list(range(len(frames)))
    # The last reply per topic says whether the connection is subscribed to it.
    state: dict[str, bool] = {}
    for f in received:
        if f["action"] in ("subscribed", "unsubscribed"):
            state[f["topic"]] = f["action"] == "subscribed"
    subscribed = {t for t, on in state.items() if on}
    assert 0 < len(subscribed) <= 6
    for i in range(10):
        topic = f"discussion:{i}"
        expected = 1 if topic in subscribed else 0
        assert group_members.count(redis_layer, board.DiscussionTopic.group_name(topic)) == expected
    assert group_members.count(redis_layer, board.SecretTopic.group_name("secret:closed")) == 0
    await comm.disconnect(timeout=5)
    for i in range(10):
        group = board.DiscussionTopic.group_name(f"discussion:{i}")
        assert group_members.count(redis_layer, group) == 0


async def test_disconnect_in_the_middle_of_a_flood_leaves_no_membership(
    adapter: Adapter,
    redis_layer: str,
    flood_board: Any,
    group_members: GroupMembers,
) -> None:
    board, consumer = flood_board
    for seed in range(3):
        comm = adapter.communicator(consumer)
        await comm.connect(timeout=5)
        for frame in flood_frames(seed, 120):
            await comm.send_to(text_data=json.dumps(frame))
        # Leave while frames are still being handled (nothing read back).
        await comm.disconnect(timeout=10)
        for i in range(10):
            group = board.DiscussionTopic.group_name(f"discussion:{i}")
            assert group_members.count(redis_layer, group) == 0, (seed, group)
