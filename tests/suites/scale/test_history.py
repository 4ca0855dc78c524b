"""History recovery and presence across server processes on real Redis."""

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from tests.suites.scale.client import open_client, recv_until
from tests.suites.scale.conftest import delete_prefix, require_redis_server, unique_prefix
from tests.suites.scale.servers import ThrowawayRedis, servers, wait_for_port

Stack = tuple[str, str, list[Any]]
PUSH = "live_comment_pushed"


async def request(
    ws: ClientConnection, frame: dict[str, Any], sink: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Send an addressed frame; its reply (frames that arrive meanwhile go to ``sink``)."""
    await ws.send(json.dumps({"version": 1, **frame}))
    frames = await recv_until(
        ws,
        lambda fs: (
            bool(fs) and fs[-1].get("ref") == frame["ref"] and fs[-1]["action"] != "complete"
        ),
        timeout=60,
    )
    reply: dict[str, Any] = frames[-1]
    if sink is not None:
        sink.extend(frames[:-1])
    return reply


async def pushes(ws: ClientConnection, count: int, timeout: float = 60) -> list[dict[str, Any]]:
    """The next ``count`` comment pushes (other frames skipped)."""
    found: list[dict[str, Any]] = []

    async def collect() -> None:
        while len(found) < count:
            frame = json.loads(await ws.recv())
            if frame["action"] == PUSH:
                found.append(frame)

    await asyncio.wait_for(collect(), timeout)
    return found


async def silence(ws: ClientConnection, wait: float = 0.5) -> list[dict[str, Any]]:
    """Comment pushes that arrive within ``wait`` (expected: none)."""
    extra: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(wait):
            while True:
                frame = json.loads(await ws.recv())
                if frame["action"] == PUSH:
                    extra.append(frame)
    except TimeoutError:
        pass
    return extra


async def publish(ws: ClientConnection, topic: str, count: int, prefix: str) -> list[int]:
    reply = await request(
        ws,
        {"topic": topic, "ref": f"pub-{prefix}", "action": "publish_many",
         "payload": {"count": count, "prefix": prefix}},
    )  # fmt: skip
    assert reply["action"] == "published", reply
    first_last: list[int] = reply["payload"]
    return first_last


async def test_reconnect_recovers_1000_publications_of_the_other_process_exactly_once(
    stack: Stack,
) -> None:
    _, _, (a, b) = stack
    topic = f"live:{uuid.uuid4().hex[:8]}"
    publisher = await open_client(a.live_url, close_timeout=1)
    reader = await open_client(b.live_url, close_timeout=1)
    try:
        for ws, ref in ((publisher, "p"), (reader, "r")):
            reply = await request(ws, {"topic": topic, "ref": ref, "action": "subscribe"})
            assert (reply["action"], reply["offset"]) == ("subscribed", 0)
        epoch = reply["epoch"]
        assert await publish(publisher, topic, 5, "before") == [1, 5]
        seen = await pushes(reader, 5)
        assert [(p["payload"], p["offset"]) for p in seen] == [
            (f"before-{n}", n + 1) for n in range(5)
        ]
        await reader.close()

        # The gap: 1,000 publications from the other process.
        assert await publish(publisher, topic, 1000, "gap") == [6, 1005]

        reader = await open_client(b.live_url, close_timeout=1)
        since = {"offset": seen[-1]["offset"], "epoch": epoch}
        reply = await request(
            reader, {"topic": topic, "ref": "again", "action": "subscribe", "since": since}
        )
        assert (reply["recovered"], reply["epoch"], reply["offset"]) == (True, epoch, 1005)
        recovered = await pushes(reader, 1000)
        assert [p["payload"] for p in recovered] == [f"gap-{n}" for n in range(1000)]
        assert [p["offset"] for p in recovered] == list(range(6, 1006))
        assert await publish(publisher, topic, 3, "after") == [1006, 1008]
        live = await pushes(reader, 3)
        assert [p["offset"] for p in live] == [1006, 1007, 1008]
        assert await silence(reader) == []  # nothing twice
    finally:
        await publisher.close()
        await reader.close()


async def test_two_processes_publishing_at_once_share_one_gapless_sequence(stack: Stack) -> None:
    """Offsets are assigned atomically across processes, and a subscriber receives them in
    order even when the two processes' broadcasts cross."""
    _, _, (a, b) = stack
    topic = f"live:{uuid.uuid4().hex[:8]}"
    one, two, reader = [await open_client(s.live_url, close_timeout=1) for s in (a, b, b)]
    try:
        for ws, ref in ((one, "1"), (two, "2"), (reader, "r")):
            await request(ws, {"topic": topic, "ref": ref, "action": "subscribe"})
        await asyncio.gather(publish(one, topic, 150, "a"), publish(two, topic, 150, "b"))
        got = await pushes(reader, 300)
        assert [p["offset"] for p in got] == list(range(1, 301))
        texts = [p["payload"] for p in got]
        for side in "ab":  # each process's own publications keep their order
            assert [t for t in texts if t[0] == side] == [f"{side}-{n}" for n in range(150)]
        assert await silence(reader) == []
    finally:
        for ws in (one, two, reader):
            await ws.close()


class PersistentRedis(ThrowawayRedis):
    """A private redis-server that writes every command to its append-only file."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory

    def start(self) -> None:
        import subprocess

        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        cmd += ["--save", "", "--appendonly", "yes", "--appendfsync", "always"]
        cmd += ["--dir", str(self.directory), "--daemonize", "no"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)


@pytest.fixture
def private_redis(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ThrowawayRedis]:
    require_redis_server()
    redis = PersistentRedis(tmp_path) if request.param else ThrowawayRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.mark.parametrize(
    "private_redis", [True, False], ids=["aof", "no-persistence"], indirect=True
)
async def test_redis_restart_during_the_gap(private_redis: ThrowawayRedis, tmp_path: Path) -> None:
    """Half the gap's publications before a Redis restart, half after: ``recovered: false``.

    A restarted Redis cannot tell whether its data lost the newest publications (a snapshot,
    an append-only file synced every second), so a history written by another Redis process
    starts a new epoch, with or without persistence: never a silent gap.
    """
    topic = f"live:{uuid.uuid4().hex[:8]}"
    with servers(
        "fastapi", ["uvicorn", "uvicorn"], private_redis.url, unique_prefix(), tmp_path
    ) as (a, b):
        publisher = await open_client(a.live_url, close_timeout=1)
        reader = await open_client(b.live_url, close_timeout=1)
        await request(publisher, {"topic": topic, "ref": "p", "action": "subscribe"})
        reply = await request(reader, {"topic": topic, "ref": "r", "action": "subscribe"})
        since = {"offset": reply["offset"], "epoch": reply["epoch"]}
        await reader.close()
        assert await publish(publisher, topic, 500, "first") == [1, 500]
        await publisher.close()
        private_redis.stop()
        private_redis.start()
        publisher = await reconnect(a.live_url, topic)
        second = await publish(publisher, topic, 500, "second")
        reader = await open_client(b.live_url, close_timeout=1)
        try:
            reply = await request(
                reader, {"topic": topic, "ref": "again", "action": "subscribe", "since": since}
            )
            assert second == [1, 500]  # a new history
            assert (reply["recovered"], reply["offset"]) == (False, 500)
            assert reply["epoch"] != since["epoch"]
            assert await silence(reader) == []
        finally:
            await publisher.close()
            await reader.close()


async def reconnect(url: str, topic: str) -> ClientConnection:
    """A publisher subscribed to ``topic`` once the server reaches the restarted Redis."""
    deadline = time.monotonic() + 30
    while True:
        ws = await open_client(url, close_timeout=1)
        reply = await request(ws, {"topic": topic, "ref": "p2", "action": "subscribe"})
        if reply["action"] == "subscribed" and "epoch" in reply:
            return ws
        await ws.close()
        if time.monotonic() > deadline:
            raise AssertionError(f"server never reached the restarted Redis: {reply}")
        await asyncio.sleep(0.2)


async def members(
    ws: ClientConnection, topic: str, ref: str, sink: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    reply = await request(ws, {"topic": topic, "ref": ref, "action": "presence"}, sink)
    assert reply["action"] == "presence_state", reply
    return {m["info"]["name"]: m for m in reply["payload"]["members"]}


async def test_presence_spans_processes_and_forgets_a_killed_one(
    redis_url: str, tmp_path: Path
) -> None:
    prefix = unique_prefix()
    topic = f"who:{uuid.uuid4().hex[:8]}"
    ttl = 1.5
    env = {"CHANX_TEST_PRESENCE_TTL": str(ttl)}
    try:
        with servers("fastapi", ["uvicorn", "uvicorn"], redis_url, prefix, tmp_path, **env) as (
            a,
            b,
        ):
            ann = await open_client(f"{a.live_url}?name=ann", close_timeout=1)
            bob = await open_client(f"{b.live_url}?name=bob", close_timeout=1)
            carl = await open_client(f"{b.live_url}?name=carl", close_timeout=1)
            try:
                for ws, ref in ((ann, "a"), (bob, "b"), (carl, "c")):
                    assert (await request(ws, {"topic": topic, "ref": ref, "action": "subscribe"}))[
                        "action"
                    ] == "subscribed"
                joins = await recv_until(
                    ann,
                    lambda fs: (
                        {f["payload"]["info"]["name"] for f in fs if f["action"] == "presence_join"}
                        == {"ann", "bob", "carl"}
                    ),
                )
                assert all(f["topic"] == topic for f in joins)
                found = await members(ann, topic, "m1")
                assert sorted(found) == ["ann", "bob", "carl"]
                assert found["ann"]["info"]["pid"] == a.pid
                assert found["bob"]["info"]["pid"] == found["carl"]["info"]["pid"] == b.pid

                await bob.close()  # a clean leave is pushed at once
                left = await recv_until(
                    ann, lambda fs: any(f["action"] == "presence_leave" for f in fs)
                )
                assert [
                    f["payload"]["info"]["name"] for f in left if f["action"] == "presence_leave"
                ] == ["bob"]

                b.proc.kill()  # SIGKILL: carl's entry is never removed by its process
                b.proc.wait(10)
                killed = time.monotonic()
                # Documented bound: gone at most ``presence_ttl`` after the last heartbeat; the
                # loop allows generous slack for a loaded machine and only bounds the wait.
                seen: list[dict[str, Any]] = []
                while sorted(await members(ann, topic, f"m{time.monotonic()}", seen)) != ["ann"]:
                    assert time.monotonic() - killed < ttl + 10, "killed member never expired"
                    await asyncio.sleep(0.1)
                # A live process's heartbeat prunes the dead entry and pushes its leave.
                if not any(f["action"] == "presence_leave" for f in seen):
                    seen += await recv_until(
                        ann, lambda fs: any(f["action"] == "presence_leave" for f in fs)
                    )
                leaves = [f["payload"]["id"] for f in seen if f["action"] == "presence_leave"]
                assert leaves == [found["carl"]["id"]]
            finally:
                for ws in (ann, bob, carl):
                    await ws.close()
    finally:
        delete_prefix(redis_url, prefix)
