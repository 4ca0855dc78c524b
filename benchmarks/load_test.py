"""Bounded multi-process load test over real Redis: ``uv run python -m benchmarks.load_test``.

Starts N server processes (uvicorn; FastAPI + fast-channels Redis layer, or Django +
channels-redis) sharing one Redis, opens many WebSocket connections spread over them, and
has one publisher broadcast to all of them at a fixed interval for a fixed period.
Prints delivered/expected (must be 100% for healthy clients), latency p50/p99 and server RSS.
Loopback only; every wait is bounded.
"""

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import redis
from tests.suites.scale.client import open_client
from tests.suites.scale.servers import servers

DRAIN_TIMEOUT = 30.0


@dataclass
class LoadResult:
    """What one load run measured."""

    connections: int
    broadcasts: int
    delivered: int
    expected: int
    latencies_ms: list[float] = field(default_factory=list)
    rss_mb: dict[int, tuple[float, float]] = field(default_factory=dict)  # pid -> (start, peak)
    duplicates: int = 0

    @property
    def ratio(self) -> float:
        return self.delivered / self.expected if self.expected else 1.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def report(self) -> str:
        rss = ", ".join(f"{start:.0f}->{peak:.0f} MB" for start, peak in self.rss_mb.values())
        return "\n".join(
            [
                f"connections        {self.connections}",
                f"broadcasts         {self.broadcasts}",
                f"delivered/expected {self.delivered}/{self.expected} ({100 * self.ratio:.2f}%)",
                f"duplicates         {self.duplicates}",
                f"latency p50        {self.percentile(0.50):.1f} ms",
                f"latency p99        {self.percentile(0.99):.1f} ms",
                f"latency max        {max(self.latencies_ms, default=float('nan')):.1f} ms",
                f"server RSS         {rss} (start->peak per server)",
            ]
        )


async def run_load(
    urls: list[str],
    pids: list[int],
    *,
    connections: int,
    interval: float,
    duration: float,
    payload_bytes: int = 64,
) -> LoadResult:
    """Connect ``connections`` clients round-robin over ``urls``; broadcast for ``duration``."""
    procs = [psutil.Process(pid) for pid in pids]
    rss: dict[int, list[float]] = {p.pid: [p.memory_info().rss / 2**20] * 2 for p in procs}
    clients = []
    for i in range(connections):
        clients.append(await open_client(urls[i % len(urls)], max_size=None))
    publisher = await open_client(urls[0].replace("/ws/scale/", "/ws/ordered/"))
    seen: list[set[int]] = [set() for _ in clients]
    latencies: list[float] = []
    sent_at: dict[int, float] = {}
    duplicates = 0
    marker = uuid.uuid4().hex[:6]
    pad = "p" * payload_bytes
    ready = [False] * len(clients)

    async def read(index: int) -> None:
        nonlocal duplicates
        ws = clients[index]
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("action") != "shouted":
                continue
            tag, seq_text, _ = frame["payload"].split(":", 2)
            if tag == f"warm-{marker}":
                ready[index] = True
            if tag != marker:
                continue
            seq = int(seq_text)
            if seq in seen[index]:
                duplicates += 1
            seen[index].add(seq)
            latencies.append((time.perf_counter() - sent_at[seq]) * 1000)

    async def drain_publisher() -> None:
        async for _ in publisher:
            pass

    async def sample_rss() -> None:
        while True:
            for p in procs:
                value = p.memory_info().rss / 2**20
                rss[p.pid][1] = max(rss[p.pid][1], value)
            await asyncio.sleep(0.25)

    readers = [asyncio.create_task(read(i)) for i in range(len(clients))]
    background = [asyncio.create_task(drain_publisher()), asyncio.create_task(sample_rss())]
    loop = asyncio.get_running_loop()
    # Every client is in the room once a warm-up broadcast has reached all of them.
    warm_deadline = loop.time() + DRAIN_TIMEOUT
    while not all(ready) and loop.time() < warm_deadline:
        await publisher.send(json.dumps({"action": "shout", "payload": f"warm-{marker}:0:"}))
        await asyncio.sleep(0.5)
    broadcasts = 0
    start = loop.time()
    next_at = start
    while loop.time() - start < duration:
        sent_at[broadcasts] = time.perf_counter()
        await publisher.send(
            json.dumps({"action": "shout", "payload": f"{marker}:{broadcasts}:{pad}"})
        )
        broadcasts += 1
        next_at += interval
        await asyncio.sleep(max(0.0, next_at - loop.time()))

    expected = broadcasts * len(clients)
    for _ in range(int(DRAIN_TIMEOUT / 0.05)):  # bounded wait for the backlog to drain
        if sum(len(s) for s in seen) >= expected:
            break
        await asyncio.sleep(0.05)
    for task in [*readers, *background]:
        task.cancel()
    await asyncio.gather(*readers, *background, return_exceptions=True)
    for ws in [*clients, publisher]:
        ws.transport.abort()
    return LoadResult(
        connections=len(clients),
        broadcasts=broadcasts,
        delivered=sum(len(s) for s in seen),
        expected=expected,
        latencies_ms=latencies,
        rss_mb={pid: (v[0], v[1]) for pid, v in rss.items()},
        duplicates=duplicates,
    )


async def _warm_up(urls: list[str]) -> None:
    """One round trip per server so imports and pools are ready before measuring."""
    for url in urls:
        ws = await open_client(url)
        await ws.send(json.dumps({"action": "ping"}))
        await asyncio.wait_for(ws.recv(), 10)
        await ws.close()


def _delete_prefix(url: str, prefix: str) -> None:
    """Leave the shared Redis as we found it."""
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def main(argv: list[str] | None = None) -> LoadResult:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stack", choices=["fastapi", "django"], default="fastapi")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--interval-ms", type=float, default=20.0)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--payload-bytes", type=int, default=64)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)

    prefix = f"chanx-load-{uuid.uuid4().hex[:8]}"
    logs = Path(tempfile.mkdtemp(prefix="chanx-load-"))
    kinds = ["uvicorn"] * args.servers
    with servers(args.stack, kinds, args.redis_url, prefix, logs) as running:
        urls = [s.url for s in running]

        async def go() -> LoadResult:
            await _warm_up(urls)
            return await run_load(
                urls,
                [s.pid for s in running],
                connections=args.connections,
                interval=args.interval_ms / 1000,
                duration=args.duration,
                payload_bytes=args.payload_bytes,
            )

        result = asyncio.run(go())
    _delete_prefix(args.redis_url, prefix)
    print(
        f"stack={args.stack} servers={args.servers} interval={args.interval_ms}ms "
        f"duration={args.duration}s payload={args.payload_bytes}B"
    )
    print(result.report())
    if result.latencies_ms:
        print(f"latency mean       {statistics.fmean(result.latencies_ms):.1f} ms")
    return result


if __name__ == "__main__":
    main()
