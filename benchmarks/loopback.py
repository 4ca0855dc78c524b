"""Workloads against a real uvicorn server on loopback, driven by ``websockets`` clients."""

import asyncio
import statistics
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from websockets.asyncio.client import ClientConnection, connect

from benchmarks.compare import Measure, Metric, Workload
from benchmarks.contenders import CHANNELS, Contenders
from benchmarks.payloads import echo_frame
from benchmarks.server import Server, running_server

TIMEOUT = 30.0
BATCH = 100  # connections opened concurrently at most


async def _open(server: Server, path: str, count: int) -> list[ClientConnection]:
    clients: list[ClientConnection] = []
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        clients += await asyncio.gather(
            *(
                connect(server.url(path), compression=None, open_timeout=TIMEOUT, max_size=None)
                for _ in range(size)
            )
        )
    return clients


async def _close(clients: list[ClientConnection]) -> None:
    for start in range(0, len(clients), BATCH):
        await asyncio.gather(*(c.close() for c in clients[start : start + BATCH]))


async def _client_run(client: ClientConnection, frame: str, n: int, lat: list[float]) -> None:
    for _ in range(n):
        start = time.perf_counter()
        await client.send(frame)
        await asyncio.wait_for(client.recv(), TIMEOUT)
        lat.append(time.perf_counter() - start)


def concurrent_echo(
    server_ref: list[Server],
    clients: int,
    per_client: int,
    blocks: int = 1,
    contenders: Contenders = CHANNELS,
    cost_targets: Mapping[str, float] | None = None,
) -> Workload:
    """``clients`` connections each doing ``per_client`` sequential echoes at the same time.

    With ``blocks`` > 1 each rep is that many shorter bursts (``per_client // blocks`` each).
    ``cost_targets`` bound chanx's cost per message relative to each reference (msgs/s).
    """
    burst = max(1, per_client // blocks)

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        server = server_ref[0]
        conns = await _open(server, f"/{side}/", clients)
        frame = echo_frame()

        async def measure() -> dict[str, float]:
            lat: list[float] = []
            start = time.perf_counter()
            await asyncio.gather(*(_client_run(c, frame, burst, lat) for c in conns))
            elapsed = time.perf_counter() - start
            cuts = statistics.quantiles(lat, n=100)
            return {
                "msgs/s": len(lat) / elapsed,
                "p50": statistics.median(lat) * 1e3,
                "p99": cuts[98] * 1e3,
            }

        await asyncio.gather(*(_client_run(c, frame, 5, []) for c in conns))  # warm-up
        try:
            yield measure
        finally:
            await _close(conns)

    return Workload(
        f"loopback {clients} clients x {per_client}{contenders.suffix}",
        session,
        (
            Metric("msgs/s", "msgs/s", True, 0.9 if clients >= 50 else None),
            Metric("p50", "ms", False),
            Metric("p99", "ms", False),
        ),
        blocks,
        references=contenders.references,
        subject=contenders.subject,
        cost_targets=cost_targets or {},
    )


def idle_rss(connections: int) -> Workload:
    """RSS growth of a fresh server per idle connection (bytes/connection)."""

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        async def measure() -> dict[str, float]:
            async with running_server() as server:
                await _close(await _open(server, f"/{side}/", 20))  # warm-up
                await asyncio.sleep(0.3)
                before = server.rss()
                conns = await _open(server, f"/{side}/", connections)
                await asyncio.sleep(0.5)
                after = server.rss()
                await _close(conns)
            return {"KB/conn": (after - before) / connections / 1024}

        yield measure

    return Workload(
        f"idle RSS, {connections:,} connections",
        session,
        (Metric("KB/conn", "KB", False, 1.1),),
    )


@asynccontextmanager
async def shared_server() -> AsyncIterator[list[Server]]:
    """One server for the concurrent-echo workloads (a list so workloads bind it lazily)."""
    async with running_server() as server:
        yield [server]
