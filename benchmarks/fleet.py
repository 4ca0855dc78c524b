"""A fleet, measured: ``uv run python -m benchmarks.fleet``.

Per contender, ``--processes`` uvicorn servers (default 4) share one Redis channel layer
(channels-redis, a key prefix of their own, deleted afterwards). ``--connections`` WebSocket
clients (default 10,000) are spread over them from this process (asyncio + ``websockets``);
connection ``i`` subscribes to topic ``fleet:<i mod topics>`` and sits on server
``(i // topics) mod processes``, so every topic has subscribers on every server. A separate
publisher connection on the first server then asks for ``--publications`` publications,
round-robin over the topics, with at most ``--window`` of them not yet delivered to every
subscriber. Each publication carries its publish time (``time.monotonic_ns()`` on this host),
so a delivery's latency is its receive time minus that.

Contenders, both Django Channels consumers under the same uvicorn command
(``benchmarks.server``):

* ``raw`` — ``RawFleetConsumer``, hand-written: ``subscribe`` → ``group_add`` of a group per
  topic, ``publish`` → ``group_send``, the group event forwarded as a ``tick`` frame.
* ``chanx`` — ``ChanxFleetConsumer``: ``FleetTopic`` subscriptions, ``publish`` →
  ``FleetTopic.broadcast``, the topic's ``@event_handler`` pushing the ``tick``.

Both send the same frames. Memory per connection is each server's RSS growth after the
connections are open and idle (then again once they are subscribed), divided by the
connections it holds, summed over the fleet: (sum of RSS after - sum of RSS before) / N.

Each rep starts fresh fleets, one contender after the other (the order alternates per rep);
the table shows medians over reps and chanx's ratios. Every wait is bounded.
"""

import argparse
import asyncio
import gc
import json
import os
import platform
import resource
import signal
import statistics
import time
import uuid
from collections.abc import Sequence
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field

import redis
from websockets.asyncio.client import ClientConnection, connect

from benchmarks.server import Server, running_server

SIDES = ("raw", "chanx")
LEAN = "raw-lean"
"""With ``--lean``: the hand-written consumer without Channels' per-event database clean-up
hop (chanx's shortcut), so the ratio to it shows what chanx's topics cost beyond that hop."""
LABELS = {
    "raw": "hand-written Channels consumer",
    LEAN: "hand-written, lean dispatch",
    "chanx": "chanx topics (Channels)",
}
REDIS_URL = os.environ.get("CHANX_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
TIMEOUT = 60.0
"""Bound on every wait: one batch of connections, one publication's deliveries, settling."""
BATCH = 250
"""Connections opened (and subscribed) concurrently at most."""
FD_MARGIN = 200
"""File descriptors this process keeps for itself beyond one per client connection."""
SETTLE = 1.0
"""Seconds between the last connection and the RSS reading."""


def raise_fd_limit() -> int:
    """Raise this process's soft ``RLIMIT_NOFILE`` to the hard limit (servers inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1 << 20)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def max_connections() -> int:
    """The most client connections this process can hold at the raised file limit."""
    return raise_fd_limit() - FD_MARGIN


@dataclass
class FleetRun:
    """What one contender's fleet measured in one rep."""

    side: str
    processes: int
    connections: int
    topics: int
    publications: int
    expected: int = 0
    delivered: int = 0
    duplicates: int = 0
    missing_per_connection: int = 0
    """Connections that did not get exactly the publications of their topic."""
    elapsed: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    kb_idle: float = 0.0
    kb_subscribed: float = 0.0
    sample: dict[str, object] = field(default_factory=dict)
    """One ``tick`` frame as a subscriber received it."""

    @property
    def deliveries_per_s(self) -> float:
        return self.delivered / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def complete(self) -> bool:
        return (
            self.delivered == self.expected
            and self.duplicates == 0
            and self.missing_per_connection == 0
        )


def _topic(index: int, topics: int) -> str:
    return f"fleet:{index % topics}"


def _server_of(index: int, topics: int, processes: int) -> int:
    return (index // topics) % processes


async def _open(url: str) -> ClientConnection:
    return await connect(
        url,
        compression=None,
        open_timeout=TIMEOUT,
        max_size=None,
        ping_interval=None,  # the servers still ping; the client answers
        close_timeout=1,
    )


async def _subscribe(ws: ClientConnection, topic: str) -> None:
    await ws.send(json.dumps({"version": 1, "topic": topic, "ref": "s", "action": "subscribe"}))
    reply = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
    if reply.get("action") != "subscribed":
        raise RuntimeError(f"subscribe to {topic} refused: {reply}")


def _rss(servers: Sequence[Server]) -> int:
    return sum(server.rss() for server in servers)


async def _warm_up(servers: Sequence[Server], path: str) -> None:
    """One subscribe + publication per server, so imports, pools and caches are ready."""
    for number, server in enumerate(servers):
        ws = await _open(server.url(path))
        topic = f"fleet:warm{number}"
        await _subscribe(ws, topic)
        payload = {"topic": topic, "n": -1, "t": time.monotonic_ns()}
        await ws.send(json.dumps({"action": "publish", "payload": payload}))
        frame = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        if frame.get("action") != "tick":
            raise RuntimeError(f"warm-up publication not delivered: {frame}")
        await ws.close()


async def measure_fleet(
    side: str,
    *,
    processes: int,
    connections: int,
    topics: int,
    publications: int,
    window: int,
) -> FleetRun:
    """Start ``processes`` servers for ``side``, connect, subscribe, publish; bounded."""
    prefix = f"chanxfleet{uuid.uuid4().hex[:10]}"
    path = f"/fleet/{side}/"
    run = FleetRun(side, processes, connections, topics, publications)
    env = {"CHANX_BENCH_REDIS_PREFIX": prefix, "CHANX_BENCH_REDIS_URL": REDIS_URL}
    clients: list[ClientConnection] = []
    tasks: list[asyncio.Task[None]] = []
    try:
        async with AsyncExitStack() as stack:
            servers: list[Server] = list(
                await asyncio.gather(
                    *(stack.enter_async_context(running_server(env)) for _ in range(processes))
                )
            )
            try:
                await _measure(run, servers, path, window, clients, tasks)
            finally:
                # The fleet is thrown away: killed before its clients go, so thousands of
                # disconnects do not each leave their groups at once (nothing is measured then).
                for server in servers:
                    os.kill(server.pid, signal.SIGKILL)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for ws in clients:
            ws.transport.abort()
        _delete_prefix(prefix)
    return run


async def _measure(
    run: FleetRun,
    servers: list[Server],
    path: str,
    window: int,
    clients: list[ClientConnection],
    tasks: list[asyncio.Task[None]],
) -> None:
    """Memory before, with idle and with subscribed connections; then the publications.

    ``clients`` and ``tasks`` are filled in as they are made, for the caller to clean up.
    """
    connections, topics, processes = run.connections, run.topics, run.processes
    await _warm_up(servers, path)
    gc.collect()
    await asyncio.sleep(SETTLE)
    before = _rss(servers)
    for start in range(0, connections, BATCH):
        indices = range(start, min(connections, start + BATCH))
        clients += await asyncio.gather(
            *(_open(servers[_server_of(i, topics, processes)].url(path)) for i in indices)
        )
    await asyncio.sleep(SETTLE)
    run.kb_idle = (_rss(servers) - before) / connections / 1024
    for start in range(0, connections, BATCH):
        indices = range(start, min(connections, start + BATCH))
        await asyncio.gather(*(_subscribe(clients[i], _topic(i, topics)) for i in indices))
    await asyncio.sleep(SETTLE)
    run.kb_subscribed = (_rss(servers) - before) / connections / 1024
    publisher = await _open(servers[0].url(path))
    clients.append(publisher)
    await _publish_all(run, clients[:-1], publisher, window, tasks)


async def _publish_all(
    run: FleetRun,
    clients: list[ClientConnection],
    publisher: ClientConnection,
    window: int,
    tasks: list[asyncio.Task[None]],
) -> None:
    topics = run.topics
    subscribers = [0] * topics
    for index in range(len(clients)):
        subscribers[index % topics] += 1
    received = [0] * run.publications
    seen: list[set[int]] = [set() for _ in clients]
    latencies = run.latencies_ms
    free = asyncio.Semaphore(window)
    done = asyncio.Event()
    remaining = sum(subscribers[n % topics] for n in range(run.publications))
    run.expected = remaining
    last = 0

    async def read(index: int) -> None:
        nonlocal remaining, last
        own = seen[index]
        async for raw in clients[index]:
            now = time.monotonic_ns()
            frame = json.loads(raw)
            if frame.get("action") != "tick":
                continue
            payload = frame["payload"]
            number = payload["n"]
            if number in own:
                run.duplicates += 1
                continue
            own.add(number)
            latencies.append((now - payload["t"]) / 1e6)
            if not run.sample:
                run.sample = frame
            received[number] += 1
            last = now
            if received[number] == subscribers[number % topics]:
                free.release()
            remaining -= 1
            if remaining == 0:
                done.set()

    async def drain_publisher() -> None:
        async for raw in publisher:  # nothing is expected: show what came
            print(f"publisher got: {str(raw)[:200]}")

    tasks += [asyncio.create_task(read(i)) for i in range(len(clients))]
    tasks.append(asyncio.create_task(drain_publisher()))
    start = time.monotonic_ns()
    for number in range(run.publications):
        try:
            await asyncio.wait_for(free.acquire(), TIMEOUT)
        except TimeoutError:
            break  # a publication never reached every subscriber: reported as missing
        payload = {"topic": _topic(number, topics), "n": number, "t": time.monotonic_ns()}
        await publisher.send(json.dumps({"action": "publish", "payload": payload}))
    with suppress(TimeoutError):  # short: reported as missing deliveries
        await asyncio.wait_for(done.wait(), TIMEOUT)
    run.elapsed = ((last or time.monotonic_ns()) - start) / 1e9
    run.delivered = sum(received)
    wanted = [set(range(topic, run.publications, topics)) for topic in range(topics)]
    run.missing_per_connection = sum(
        1 for index, got in enumerate(seen) if got != wanted[index % topics]
    )


def _delete_prefix(prefix: str) -> None:
    """Leave the shared Redis as we found it: delete this fleet's keys (never a flush)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    finally:
        client.close()


async def run_fleet(
    *,
    processes: int,
    connections: int,
    topics: int,
    publications: int,
    window: int,
    reps: int,
    sides: Sequence[str] = SIDES,
    verbose: bool = False,
) -> dict[str, list[FleetRun]]:
    """``reps`` fleets per contender, alternating which goes first."""
    runs: dict[str, list[FleetRun]] = {side: [] for side in sides}
    for rep in range(reps):
        order = tuple(sides) if rep % 2 == 0 else tuple(sides)[::-1]
        for side in order:
            run = await measure_fleet(
                side,
                processes=processes,
                connections=connections,
                topics=topics,
                publications=publications,
                window=window,
            )
            runs[side].append(run)
            if verbose:
                print(f"  rep {rep + 1} {side}: {_summary(run)}", flush=True)
    return runs


def _summary(run: FleetRun) -> str:
    return (
        f"{run.delivered}/{run.expected} delivered, {run.duplicates} duplicates, "
        f"{run.deliveries_per_s:,.0f} deliveries/s, p50 {run.percentile(0.5):.1f} ms, "
        f"p99 {run.percentile(0.99):.1f} ms, {run.kb_idle:.1f} KB/idle conn, "
        f"{run.kb_subscribed:.1f} KB/subscribed conn"
    )


COLUMNS = (
    "contender",
    "connections",
    "deliveries/s",
    "p50 ms",
    "p99 ms",
    "KB/idle conn",
    "KB/subscribed conn",
)
GOALS = {"deliveries/s": 1.0, "KB/idle conn": 1.05}
"""The issue's goals, on chanx's cost relative to the hand-written consumer."""


def medians(runs: Sequence[FleetRun]) -> dict[str, float]:
    return {
        "deliveries/s": statistics.median(r.deliveries_per_s for r in runs),
        "p50 ms": statistics.median(r.percentile(0.50) for r in runs),
        "p99 ms": statistics.median(r.percentile(0.99) for r in runs),
        "KB/idle conn": statistics.median(r.kb_idle for r in runs),
        "KB/subscribed conn": statistics.median(r.kb_subscribed for r in runs),
    }


def costs(runs: dict[str, list[FleetRun]], reference: str = "raw") -> dict[str, float]:
    """chanx's cost relative to ``reference``, per metric (>1: chanx spends more)."""
    raw, chanx = medians(runs[reference]), medians(runs["chanx"])
    out = {}
    for key in raw:
        if key == "deliveries/s":
            out[key] = raw[key] / chanx[key] if chanx[key] else float("nan")
        else:
            out[key] = chanx[key] / raw[key] if raw[key] else float("nan")
    return out


def format_table(runs: dict[str, list[FleetRun]]) -> str:
    """Markdown: one row per contender (medians over reps), then chanx's cost per reference.

    The issue's goals are marked on the cost relative to the plain hand-written consumer.
    """
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * (len(COLUMNS) - 1)]
    for side in runs:
        values = medians(runs[side])
        cells = [LABELS[side], f"{runs[side][0].connections:,}"]
        cells += [_num(values[column]) for column in COLUMNS[2:]]
        lines.append("| " + " | ".join(cells) + " |")
    for reference in (side for side in runs if side != "chanx"):
        ratio = costs(runs, reference)
        name = "hand-written" if reference == "raw" else LABELS[reference]
        cells = [f"cost chanx / {name}", ""]
        for column in COLUMNS[2:]:
            goal = GOALS.get(column) if reference == "raw" else None
            verdict = ""
            if goal is not None:
                verdict = f" (goal <= {goal:g} {'ok' if ratio[column] <= goal else 'MISS'})"
            cells.append(f"{ratio[column]:.2f}{verdict}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def main(argv: list[str] | None = None) -> dict[str, list[FleetRun]]:
    limit = max_connections()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--processes", type=int, default=4, help="servers per contender")
    parser.add_argument(
        "--connections",
        type=int,
        default=min(10_000, limit),
        help=f"client connections (default 10,000 or this machine's limit, {limit:,})",
    )
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--publications", type=int, default=1_000)
    parser.add_argument("--window", type=int, default=10, help="publications in flight at most")
    parser.add_argument("--reps", type=int, default=3, help="fleets per contender")
    parser.add_argument(
        "--lean", action="store_true", help=f"add the {LABELS[LEAN]!r} reference ({LEAN})"
    )
    args = parser.parse_args(argv)
    connections = min(args.connections, limit)
    if connections < args.connections:
        print(f"connections capped at {connections:,} (file descriptor limit)")
    load = os.getloadavg()
    print(
        f"fleet: {args.processes} uvicorn processes per contender on one Redis, "
        f"{connections:,} connections, {args.topics} topics, {args.publications:,} "
        f"publications (window {args.window}), {args.reps} reps; "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        flush=True,
    )
    started = time.monotonic()
    runs = asyncio.run(
        run_fleet(
            processes=args.processes,
            connections=connections,
            topics=args.topics,
            publications=args.publications,
            window=args.window,
            reps=args.reps,
            sides=(SIDES[0], LEAN, SIDES[1]) if args.lean else SIDES,
            verbose=True,
        )
    )
    load = os.getloadavg()
    print(
        f"done in {time.monotonic() - started:.0f} s; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(format_table(runs))
    incomplete = [r for rs in runs.values() for r in rs if not r.complete]
    if incomplete:
        print(f"INCOMPLETE: {len(incomplete)} run(s) did not deliver every publication once")
    return runs


if __name__ == "__main__":
    main()
