"""In-process workloads through the Channels test communicator (same harness for R and T)."""

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from channels.testing import WebsocketCommunicator
from fast_channels.testing import WebsocketCommunicator as FastCommunicator

from benchmarks.asgi import application
from benchmarks.compare import Measure, Metric, Workload
from benchmarks.contenders import CHANNELS, Contenders
from benchmarks.payloads import bulk_frame, echo_frame, shout_frame

TIMEOUT = 30.0
_ids = itertools.count()


async def _connect(path: str) -> Any:
    """A connected communicator: fast-channels' for the FastAPI routes, Channels' otherwise."""
    comm: Any
    if path.startswith("/fast/"):
        comm = FastCommunicator(application, path)
    else:
        comm = WebsocketCommunicator(application, path)
    connected, _ = await comm.connect(timeout=TIMEOUT)
    assert connected, f"could not connect to {path}"
    return comm


async def _round_trips(comm: Any, frame: str, n: int, pipelined: bool) -> None:
    if pipelined:
        for _ in range(n):
            await comm.send_to(text_data=frame)
        for _ in range(n):
            await comm.receive_from(timeout=TIMEOUT)
        return
    for _ in range(n):
        await comm.send_to(text_data=frame)
        await comm.receive_from(timeout=TIMEOUT)


def echo(
    n: int,
    pipelined: bool,
    contenders: Contenders = CHANNELS,
    cost_targets: Mapping[str, float] | None = None,
) -> Workload:
    """Typed echo round-trips; metric: microseconds per round trip.

    Sequential runs are measured in blocks of at most 1,000 round trips (see ``blocks``);
    a pipelined run sends all ``n`` frames before reading, so it is one block.
    """
    mode = "pipelined" if pipelined else "sequential"
    blocks = 1 if pipelined else max(1, n // 1_000)
    per_block = n // blocks

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        comm = await _connect(f"/{side}/")
        frame = echo_frame()
        await _round_trips(comm, frame, min(n, 500), pipelined)  # warm-up

        async def measure() -> dict[str, float]:
            start = time.perf_counter()
            await _round_trips(comm, frame, per_block, pipelined)
            return {"us/round-trip": (time.perf_counter() - start) / per_block * 1e6}

        try:
            yield measure
        finally:
            await comm.disconnect()

    return Workload(
        f"echo {mode} N={n:,}{contenders.suffix}",
        session,
        (Metric("us/round-trip", "µs", False, 1.0),),
        blocks,
        references=contenders.references,
        subject=contenders.subject,
        cost_targets=cost_targets or {},
    )


def payload(size: int, n: int, target: float | None, blocks: int = 4) -> Workload:
    """Sequential round-trips of a nested ~``size``-byte document; metric: request MB/s."""
    per_block = max(1, n // blocks)

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        comm = await _connect(f"/{side}/")
        frame = bulk_frame(size)
        await _round_trips(comm, frame, max(1, n // 10), False)

        async def measure() -> dict[str, float]:
            start = time.perf_counter()
            await _round_trips(comm, frame, per_block, False)
            elapsed = time.perf_counter() - start
            return {"MB/s": len(frame) * per_block / elapsed / 1e6}

        try:
            yield measure
        finally:
            await comm.disconnect()

    label = f"{size / 1000:g} KB" if size >= 1000 else f"{size} B"
    return Workload(
        f"payload ~{label} N={n:,}", session, (Metric("MB/s", "MB/s", True, target),), blocks
    )


def fanout(members: int, rounds: int, redis: bool) -> Workload:
    """One sender broadcasts; time until every member got the frame; metric: deliveries/s.

    Each of the ``rounds`` broadcasts per rep is its own measured block.
    """
    layer = "redis" if redis else "in-memory"

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        prefix = f"/redis/{side}" if redis else f"/{side}"
        group = f"fan{next(_ids)}"
        comms = []
        for chunk in range(0, members, 100):
            size = min(100, members - chunk)
            chunk_comms = await asyncio.gather(
                *(_connect(f"{prefix}/fan/{group}/") for _ in range(size))
            )
            # ``connect`` returns at the accept; the member joins its group right after.
            # One echo per member waits for that, so at most one chunk of joins is in
            # flight (a Redis pool is not drained by a thousand joins at once).
            await asyncio.gather(*(_round_trips(c, echo_frame(), 1, False) for c in chunk_comms))
            comms += chunk_comms
        sender = await _connect(f"{prefix}/send/{group}/")
        frame = shout_frame()

        async def one_round() -> None:
            await sender.send_to(text_data=frame)
            await asyncio.gather(*(c.receive_from(timeout=TIMEOUT) for c in comms))

        await one_round()  # warm-up

        async def measure() -> dict[str, float]:
            start = time.perf_counter()
            await one_round()
            return {"deliveries/s": members / (time.perf_counter() - start)}

        try:
            yield measure
        finally:
            await sender.disconnect()
            for chunk in range(0, len(comms), 100):
                await asyncio.gather(*(c.disconnect() for c in comms[chunk : chunk + 100]))

    return Workload(
        f"fan-out {members:,} members, {layer}",
        session,
        (Metric("deliveries/s", "msgs/s", True, 1.0),),
        rounds,
    )


def connect_cycles(n: int) -> Workload:
    """Sequential connect + disconnect through the communicator; metric: cycles/s."""

    @asynccontextmanager
    async def session(side: str) -> AsyncIterator[Measure]:
        async def measure() -> dict[str, float]:
            start = time.perf_counter()
            for _ in range(n):
                comm = await _connect(f"/{side}/")
                await comm.disconnect()
            return {"cycles/s": n / (time.perf_counter() - start)}

        for _ in range(20):  # warm-up
            await (await _connect(f"/{side}/")).disconnect()
        yield measure

    return Workload(f"connect/disconnect N={n:,}", session, (Metric("cycles/s", "cycles/s", True),))
