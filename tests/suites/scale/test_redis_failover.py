"""Redis Sentinel failover under traffic: the primary is SIGKILLed, the servers follow.

Real processes only: a primary, a replica and three sentinels (``tests.suites.scale.sentinel``),
and two server processes of each stack configured with the Sentinel host entry of
docs/deploy.md (``examples/deploy/sentinel.py``), which history and presence follow too.

While a client of each server chats in a plain group and a publisher keeps publishing to a
history topic, the primary is killed. Without restarting the servers:

* broadcasts reach the other server's client again (the time from the kill is printed);
* presence lists both members again;
* a history client never sees a silent gap: a live subscription that crosses the failover
  sees a push announcing the new ``epoch``; a client reconnecting with ``since`` of the old
  history gets ``recovered: false`` or every publication after ``since``; one reconnecting
  with ``since`` of the new history gets ``recovered: true`` and exactly what it missed.
"""

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from tests.suites.scale.client import (
    expect_silence,
    expect_silence_all,
    open_client,
    payloads,
    send,
)
from tests.suites.scale.conftest import STACK_SERVERS, require_redis_server, unique_prefix
from tests.suites.scale.logs import PLAIN_TRACEBACKS_ENV
from tests.suites.scale.sentinel import SentinelDeployment, sentinel_deployment
from tests.suites.scale.servers import servers
from tests.suites.scale.test_history import PUSH, members, publish, pushes, request

RECOVERY_LIMIT = 30.0
"""Seconds the test waits for each recovery step (a bound on the wait, not a claim)."""

PRESENCE_TTLS = {"presence-outlives-failover": "6", "presence-expires-in-failover": "1.5"}
"""``presence_ttl`` of the servers: longer than a failover (no live member expires), and
shorter (live members expire during the failover and are put back by their heartbeats)."""

PRESENCE_PUSHES = ("presence_join", "presence_leave")


class Probe:
    """Broadcasts from a client of server A until a client of server B hears one."""

    def __init__(self, sender: ClientConnection, other: ClientConnection) -> None:
        self.sender, self.other = sender, other

    async def until_heard(self, limit: float) -> float:
        """Seconds until a broadcast sent from now on reaches ``other``."""
        started = time.monotonic()
        for n in range(int(limit / 0.2) + 1):
            await send(self.sender, "shout", f"probe-{n}")
            _, heard = await expect_silence_all([self.sender, self.other], wait=0.2)
            if any(str(p).startswith("probe-") for p in payloads(heard, "shouted")):
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                break
        raise AssertionError(f"no broadcast reached the other server within {limit}s")


class Publisher:
    """Publishes batches to a history topic until stopped; remembers what Redis acknowledged."""

    def __init__(self, ws: ClientConnection, topic: str) -> None:
        self.ws, self.topic = ws, topic
        self.acknowledged: list[tuple[int, int]] = []  # (first, last) offsets of a batch
        self.acknowledged_at: list[float] = []  # when each was acknowledged (monotonic)
        self.failed = 0
        self.stop = asyncio.Event()

    async def run(self, batches: int = 2000) -> None:
        for n in range(batches):
            if self.stop.is_set():
                return
            reply = await request(
                self.ws,
                {"topic": self.topic, "ref": f"b{n}", "action": "publish_many",
                 "payload": {"count": 3, "prefix": f"b{n}"}},
            )  # fmt: skip
            if reply["action"] == "published":
                self.acknowledged.append((reply["payload"][0], reply["payload"][1]))
                self.acknowledged_at.append(time.monotonic())
            else:
                self.failed += 1
            await asyncio.sleep(0.05)


class Reader:
    """Collects every frame of a live subscriber until stopped."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.stop = asyncio.Event()

    async def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.frames.append(json.loads(await asyncio.wait_for(self.ws.recv(), 0.2)))
            except TimeoutError:
                continue

    def pushes(self) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["action"] == PUSH]


def epochs_of(pushes: list[dict[str, Any]], epoch: str) -> list[tuple[str, list[int]]]:
    """The offsets pushed to a live subscription, per epoch in the order they came; a push
    that starts another epoch must say so (its ``epoch``)."""
    runs: list[tuple[str, list[int]]] = [(epoch, [])]
    for push in pushes:
        if "epoch" in push and push["epoch"] != runs[-1][0]:
            runs.append((push["epoch"], []))
        runs[-1][1].append(push["offset"])
    return runs


async def subscribe(ws: ClientConnection, topic: str, ref: str, **extra: Any) -> dict[str, Any]:
    reply = await request(ws, {"topic": topic, "ref": ref, "action": "subscribe", **extra})
    assert reply["action"] == "subscribed", reply
    return reply


def check_recovery(reply: dict[str, Any], since: dict[str, Any], got: list[dict[str, Any]]) -> None:
    """``recovered: true`` with every offset after ``since``, or ``recovered: false``."""
    if reply["recovered"]:
        assert reply["epoch"] == since["epoch"]
        assert [p["offset"] for p in got] == list(range(since["offset"] + 1, reply["offset"] + 1))


@pytest.mark.timeout(150)
@pytest.mark.parametrize("presence_ttl", sorted(PRESENCE_TTLS))
@pytest.mark.parametrize("name", sorted(STACK_SERVERS))
async def test_servers_follow_a_sentinel_failover_under_traffic(
    name: str, presence_ttl: str, tmp_path: Path
) -> None:
    """The primary is killed (SIGKILL)."""
    await _run(name, presence_ttl, tmp_path, SentinelDeployment.kill_primary)


@pytest.mark.timeout(150)
@pytest.mark.xfail(
    strict=False,
    reason="intermittent (both stacks, about 1 run in 6): a server's history appends stay on "
    "the old primary (still a writable primary) for the whole 30 s wait",
)
@pytest.mark.parametrize("name", sorted(STACK_SERVERS))
async def test_servers_follow_a_sentinel_switchover_under_traffic(
    name: str, tmp_path: Path
) -> None:
    """``SENTINEL FAILOVER`` while the primary runs: it is demoted to a replica with the
    servers' connections still open (their writes now fail with ``READONLY``, blocked reads
    are unblocked with an error)."""
    await _run(name, "presence-outlives-failover", tmp_path, SentinelDeployment.switch_over)


async def _run(
    name: str, presence_ttl: str, tmp_path: Path, fail: Callable[[SentinelDeployment], None]
) -> None:
    require_redis_server()
    (tmp_path / "redis").mkdir()
    with sentinel_deployment(tmp_path / "redis") as redis_servers:
        env = {
            "REDIS_SENTINELS": redis_servers.env,
            "CHANX_TEST_PRESENCE_TTL": PRESENCE_TTLS[presence_ttl],
            PLAIN_TRACEBACKS_ENV: "1",
        }
        prefix = unique_prefix()
        # The URL is unused: REDIS_SENTINELS selects the Sentinel settings of the docs.
        with servers(
            name, STACK_SERVERS[name], "redis://127.0.0.1:1/0", prefix, tmp_path, **env
        ) as (a, b):
            label = f"{name}, {fail.__name__}, {presence_ttl}"
            try:
                await _failover_under_traffic(
                    label, redis_servers, fail, a.url, b.url, a.live_url, b.live_url
                )
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{_log_tails([a.log, b.log])}") from exc


async def _failover_under_traffic(
    name: str,
    redis_servers: SentinelDeployment,
    fail: Callable[[SentinelDeployment], None],
    room_a: str,
    room_b: str,
    live_a: str,
    live_b: str,
) -> None:
    live, who = f"live:{uuid.uuid4().hex[:8]}", f"who:{uuid.uuid4().hex[:8]}"
    opened: list[ClientConnection] = []

    async def client(url: str) -> ClientConnection:
        ws = await open_client(url, close_timeout=1)
        opened.append(ws)
        return ws

    try:
        sender, other = await client(room_a), await client(room_b)
        probe = Probe(sender, other)
        await probe.until_heard(RECOVERY_LIMIT)  # both in the room

        ann, bob = await client(f"{live_a}?name=ann"), await client(f"{live_b}?name=bob")
        for ws, ref in ((ann, "a"), (bob, "b")):
            await subscribe(ws, who, f"{ref}w")
        deadline = time.monotonic() + RECOVERY_LIMIT
        while sorted(found := await members(bob, who, f"m{time.monotonic()}")) != ["ann", "bob"]:
            assert time.monotonic() < deadline, "presence never listed both members"
            await asyncio.sleep(0.1)
        member_ids = {m["id"] for m in found.values()}
        first = await subscribe(ann, live, "al")
        epoch = first["epoch"]
        await subscribe(bob, live, "bl")
        away = await client(live_b)
        await subscribe(away, live, "cl")
        assert await publish(ann, live, 10, "before") == [1, 10]
        assert [p["offset"] for p in await pushes(away, 10)] == list(range(1, 11))
        await away.close()  # offline from offset 10 on
        since_old = {"epoch": epoch, "offset": 10}

        reader = Reader(bob)
        publisher = Publisher(ann, live)
        tasks = [asyncio.ensure_future(reader.run()), asyncio.ensure_future(publisher.run())]
        try:
            await asyncio.sleep(1.0)  # traffic flows
            old_port = redis_servers.master_port()
            assert old_port == redis_servers.primary.port
            fail(redis_servers)
            failed = time.monotonic()
            promoted = await asyncio.to_thread(promotion, redis_servers, old_port) - failed
            # Broadcasts sent from now on (before the promotion they may still have reached
            # the old primary, alive in a switchover).
            heard = promoted + await probe.until_heard(RECOVERY_LIMIT)
            print(
                f"\n[{name}] the sentinels promoted the replica {promoted:.2f}s after the failure"
            )
            print(f"[{name}] broadcasts across servers again {heard:.2f}s after the failure")
            # Publications acknowledged in the new history, then the traffic stops. (After a
            # switchover the old primary accepts writes until a sentinel demotes it, about
            # ten seconds later; the servers leave it within one layer-watch round.)
            deadline = time.monotonic() + RECOVERY_LIMIT
            while (
                not 0 < new_epoch_start(publisher.acknowledged) <= len(publisher.acknowledged) - 3
            ):
                assert time.monotonic() < deadline, (
                    "no publication acknowledged in a new history: "
                    f"{publisher.acknowledged[-3:]}, {publisher.failed} failed"
                )
                await asyncio.sleep(0.1)
            start = new_epoch_start(publisher.acknowledged)
            again = publisher.acknowledged_at[start] - failed
            print(f"[{name}] first publication of the new history acknowledged after {again:.2f}s")
            print(f"[{name}] publish batches failed: {publisher.failed}")
            publisher.stop.set()
            await tasks[1]
            await asyncio.sleep(0.5)  # the last pushes reach the reader
        finally:
            reader.stop.set()
            publisher.stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)

        # Exactly once again, across servers.
        await send(sender, "shout", "final")
        frames = await expect_silence_all([sender, other], wait=1.0)
        assert [payloads(fs, "shouted").count("final") for fs in frames] == [1, 1]

        # Presence lists both members again (read on the new primary), and what the pushes
        # said ends with both present: a leave of a live member is followed by its join.
        deadline = time.monotonic() + RECOVERY_LIMIT
        late: list[dict[str, Any]] = []
        while sorted(await members(bob, who, f"m{time.monotonic()}", late)) != ["ann", "bob"]:
            assert time.monotonic() < deadline, "presence never listed both members again"
            await asyncio.sleep(0.2)
        said = [f for f in reader.frames + late if f["action"] in PRESENCE_PUSHES]
        while pushed_members(member_ids, said) != member_ids:
            assert time.monotonic() < deadline, f"pushes left a live member out: {said}"
            said += [f for f in await expect_silence(bob, 0.5) if f["action"] in PRESENCE_PUSHES]
        leaves = sum(1 for f in said if f["action"] == "presence_leave")
        print(f"[{name}] presence pushes during the failover: {len(said)} ({leaves} leaves)")

        # The live subscription: in order within each epoch, a new epoch always announced.
        runs = epochs_of(reader.pushes(), epoch)
        assert len(runs) >= 2, "the failover must start a new epoch (announced to live subscribers)"
        for run_epoch, offsets in runs:
            assert offsets == list(range(offsets[0], offsets[0] + len(offsets))), run_epoch
        new_epoch = runs[-1][0]
        assert new_epoch != epoch

        # Reconnecting with ``since`` of the old history: never a silent gap.
        back = await client(live_b)
        seen: list[dict[str, Any]] = []
        reply = await subscribe(back, live, "again", since=since_old)
        got = await pushes(back, reply["offset"] - 10) if reply["recovered"] else []
        seen += got
        check_recovery(reply, since_old, got)
        print(f"[{name}] since the old epoch: recovered={reply['recovered']}")
        assert reply["epoch"] == new_epoch

        # Reconnecting with ``since`` of the new history: everything missed, exactly once.
        # From its start: every publication the new primary acknowledged is in its history.
        since_new: dict[str, Any] = {"epoch": new_epoch, "offset": 0}
        later = await client(live_b)
        reply = await subscribe(later, live, "later", since=since_new)
        assert reply["recovered"] is True, reply
        got = await pushes(later, reply["offset"] - since_new["offset"])
        check_recovery(reply, since_new, got)
        acknowledged = new_epoch_offsets(publisher.acknowledged)
        assert acknowledged, "nothing was acknowledged after the failover"
        assert acknowledged <= {p["offset"] for p in got}
    finally:
        for ws in opened:
            await ws.close()


def _log_tails(logs: list[Path], lines: int = 15) -> str:
    """The last log lines of each server (tracebacks left out), for a failure message."""
    found = []
    for log in logs:
        text = log.read_text(errors="replace").splitlines()
        kept = [line for line in text if line[:2] == "20"][-lines:]
        found.append(f"--- {log.name}\n" + "\n".join(kept))
    return "\n".join(found)


def pushed_members(start: set[str], pushes: list[dict[str, Any]]) -> set[str]:
    """The members ``start`` changed by ``presence_join``/``presence_leave`` pushes, in order."""
    state = set(start)
    for push in pushes:
        if push["action"] == "presence_join":
            state.add(push["payload"]["id"])
        else:
            state.discard(push["payload"]["id"])
    return state


def promotion(redis_servers: SentinelDeployment, old_port: int) -> float:
    """Wait for the failover; when (monotonic) the new primary accepted writes."""
    redis_servers.wait_for_failover(old_port)
    return time.monotonic()


def new_epoch_start(batches: list[tuple[int, int]]) -> int:
    """Index of the first batch after the last restart of the numbering (a new history)."""
    start = 0
    for i in range(1, len(batches)):
        if batches[i][0] <= batches[i - 1][1]:
            start = i
    return start


def new_epoch_offsets(batches: list[tuple[int, int]]) -> set[int]:
    """Offsets acknowledged after the last restart of the numbering (the new history's)."""
    return {
        o for first, last in batches[new_epoch_start(batches) :] for o in range(first, last + 1)
    }
