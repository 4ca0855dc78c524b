"""Redis restarts while clients are connected (a private redis-server, never the shared one).

Documented behaviour (docs/deploy.md): frames that need no layer keep being served; a
broadcast attempted during the outage is lost and its sender gets the handler-error frame;
sync code publishing during the outage gets an exception; once Redis is back every consumer
re-joins its groups and broadcasts reach everybody again, exactly once.
"""

import asyncio
import json
import subprocess
import sys
import uuid

import pytest
from websockets.exceptions import ConnectionClosed

from tests.suites.scale.client import (
    eventually,
    expect_silence_all,
    open_client,
    payloads,
    recv_json,
    recv_until,
    send,
)
from tests.suites.scale.conftest import STACK_SERVERS, GroupMembers, unique_prefix
from tests.suites.scale.consumers import ROOM
from tests.suites.scale.servers import ROOT, ThrowawayRedis, server_env, servers

PONG = {"action": "pong", "payload": None}


@pytest.mark.parametrize("name", sorted(STACK_SERVERS))
async def test_servers_survive_a_redis_restart(
    name: str, throwaway_redis: ThrowawayRedis, tmp_path: object
) -> None:
    prefix = unique_prefix()
    members = GroupMembers(throwaway_redis.url)
    kinds = STACK_SERVERS[name]
    with servers(name, kinds, throwaway_redis.url, prefix, tmp_path) as (a, b):  # type: ignore[arg-type]
        sender, other = await open_client(a.url), await open_client(b.url)
        try:
            await eventually(lambda: members.count(prefix, ROOM) == 2)
            await send(sender, "shout", "before")
            for ws in (sender, other):
                assert payloads(await recv_until(ws, bool), "shouted") == ["before"]

            throwaway_redis.stop()
            # Frames that need no channel layer are still answered on both servers.
            for ws in (sender, other):
                await send(ws, "ping")
                assert await recv_json(ws) == PONG
            # A broadcast during the outage is lost; its sender is told so.
            await send(sender, "shout", "during")
            assert await recv_json(sender) == {
                "action": "error",
                "payload": {"detail": "Failed to process message for shout"},
            }
            # A publisher in another process gets an exception (checked below: the process
            # runs while the newcomer is tried, both during the same outage).
            script = [sys.executable, "-m", "tests.suites.scale.send_event", name, "during-event"]
            publisher = asyncio.ensure_future(
                asyncio.to_thread(
                    subprocess.run,
                    script,
                    cwd=ROOT,
                    env=server_env(name, throwaway_redis.url, prefix),
                    capture_output=True,
                    timeout=60,
                )
            )
            try:
                # A new connection is accepted, then closed: it cannot join its groups.
                newcomer = await open_client(a.url)
                with pytest.raises(ConnectionClosed):
                    await recv_json(newcomer, timeout=30)
            finally:
                failed = await publisher
            assert failed.returncode != 0
            assert b"ConnectionError" in failed.stderr

            throwaway_redis.start()  # same port, empty: every group membership is gone
            await eventually(lambda: _safe_count(members, prefix) == 2, timeout=20)
            text = f"after-{uuid.uuid4().hex[:6]}"
            await send(sender, "shout", text)
            clients = [sender, other]
            received = [
                await recv_until(ws, lambda fs: text in payloads(fs, "shouted")) for ws in clients
            ]
            for frames, late in zip(received, await expect_silence_all(clients), strict=True):
                frames += late
                assert payloads(frames, "shouted") == [text]
                assert "during" not in str(frames)
            for ws in (sender, other):
                await send(ws, "ping")
                assert await recv_json(ws) == PONG
        finally:
            await sender.close()
            await other.close()


def _safe_count(members: GroupMembers, prefix: str) -> int:
    try:
        return members.count(prefix, ROOM)
    except Exception:
        return -1


@pytest.mark.parametrize("name", sorted(STACK_SERVERS))
async def test_topic_subscribers_hear_again_after_an_empty_redis_restart(
    name: str, throwaway_redis: ThrowawayRedis, tmp_path: object
) -> None:
    """A restarted Redis without persistence has forgotten every topic group: each live
    subscription joins its topic's group again, so publications reach it without a resubscribe."""
    prefix = unique_prefix()
    members = GroupMembers(throwaway_redis.url)
    topic = f"discussion:{uuid.uuid4().hex[:8]}"
    group = f"DiscussionTopic.{topic.replace(':', '-')}"
    kinds = STACK_SERVERS[name]
    with servers(name, kinds, throwaway_redis.url, prefix, tmp_path) as (a, b):  # type: ignore[arg-type]
        clients = [await open_client(a.board_url), await open_client(b.board_url)]
        try:
            for ref, ws in enumerate(clients):
                await ws.send(
                    json.dumps(
                        {"version": 1, "topic": topic, "ref": str(ref), "action": "subscribe"}
                    )
                )
                await recv_until(ws, lambda fs: any(f["action"] == "subscribed" for f in fs))
            await eventually(lambda: members.count(prefix, group) == 2)

            throwaway_redis.stop()
            throwaway_redis.start()  # same port, empty, back before every read noticed
            await eventually(lambda: _safe_group_count(members, prefix, group) == 2, timeout=20)

            text = f"after-{uuid.uuid4().hex[:6]}"
            await clients[0].send(
                json.dumps(
                    {"version": 1, "topic": topic, "ref": "p", "action": "post_comment",
                     "payload": text}
                )
            )  # fmt: skip
            for ws in clients:
                frames = await recv_until(
                    ws, lambda fs: any(f.get("payload") == text and "seq" in f for f in fs)
                )
                assert [f["topic"] for f in frames if f["action"] == "comment_posted"] == [topic]
        finally:
            for ws in clients:
                await ws.close()


def _safe_group_count(members: GroupMembers, prefix: str, group: str) -> int:
    try:
        return members.count(prefix, group)
    except Exception:
        return -1
