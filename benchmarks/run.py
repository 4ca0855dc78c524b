"""chanx vs its references, one run, interleaved: ``uv run python -m benchmarks.run [--quick]``.

Prints the median of each metric for chanx (T) and each reference (R: hand-written Channels
and fast-channels consumers, a Starlette endpoint, a bare ASGI echo), T/R and chanx's cost.
"""

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from benchmarks._django import setup

setup()

from benchmarks import inprocess, loopback  # noqa: E402
from benchmarks.compare import Row, Workload, compare, format_table  # noqa: E402
from benchmarks.consumers import RAW_DISPATCH  # noqa: E402
from benchmarks.contenders import (  # noqa: E402
    CHANNELS_BARE,
    CHANNELS_DEFAULTS,
    CHANNELS_LOOP,
    FASTAPI,
    FASTAPI_BARE,
    FASTAPI_LOOP,
)
from benchmarks.server import Server  # noqa: E402

# (section, needs, reps, workload factory); ``needs`` is "server", "redis" or "".
Plan = list[tuple[str, str, int, Callable[[list[Server]], Workload]]]

# Cost ratio goals: chanx with default settings vs the lean raw consumer, chanx on
# fast-channels vs the hand-written fast-channels consumer, and chanx vs the bare ASGI echo
# (1 client / under concurrency).
DEFAULTS_GOAL = {"raw-lean": 1.05}
FASTAPI_GOAL = {"fast/raw": 1.05}


def _bare_goal(clients: int, fast: bool) -> dict[str, float]:
    goal = 1.10 if clients == 1 else 1.25
    if fast:  # chanx's FastAPI route against the bare echo mounted in FastAPI too
        return {**FASTAPI_GOAL, "fast/bare": goal}
    return {"bare": goal}


def _loopback(
    clients: int, per_client: int, blocks: int, fast: bool
) -> Callable[[list[Server]], Workload]:
    contenders = FASTAPI_BARE if fast else CHANNELS_BARE
    goals = _bare_goal(clients, fast)
    return lambda s: loopback.concurrent_echo(s, clients, per_client, blocks, contenders, goals)


def _dispatch_loop(
    clients: int, per_client: int, blocks: int, fast: bool
) -> Callable[[list[Server]], Workload]:
    """chanx's dispatch loop against the framework's, same consumer otherwise."""
    contenders = FASTAPI_LOOP if fast else CHANNELS_LOOP
    return lambda s: loopback.concurrent_echo(s, clients, per_client, blocks, contenders)


def full_plan() -> Plan:
    return [
        ("echo", "", 5, lambda _: inprocess.echo(2_000, pipelined=False)),
        ("echo", "", 3, lambda _: inprocess.echo(20_000, pipelined=False)),
        ("echo", "", 5, lambda _: inprocess.echo(2_000, pipelined=True)),
        ("echo", "", 3, lambda _: inprocess.echo(20_000, pipelined=True)),
        ("echo", "", 5, lambda _: inprocess.echo(2_000, False, CHANNELS_DEFAULTS, DEFAULTS_GOAL)),
        ("echo", "", 5, lambda _: inprocess.echo(2_000, True, CHANNELS_DEFAULTS, DEFAULTS_GOAL)),
        ("fastapi", "", 5, lambda _: inprocess.echo(2_000, False, FASTAPI, FASTAPI_GOAL)),
        ("fastapi", "", 5, lambda _: inprocess.echo(2_000, True, FASTAPI, FASTAPI_GOAL)),
        ("payload", "", 5, lambda _: inprocess.payload(100, 2_000, None)),
        ("payload", "", 5, lambda _: inprocess.payload(10_000, 1_000, 0.8)),
        ("payload", "", 5, lambda _: inprocess.payload(200_000, 100, 0.8)),
        ("loopback", "server", 5, _loopback(1, 2_000, 4, fast=False)),
        ("loopback", "server", 5, _loopback(50, 100, 4, fast=False)),
        ("loopback", "server", 5, _loopback(200, 40, 4, fast=False)),
        ("loopback fastapi", "server", 5, _loopback(1, 2_000, 4, fast=True)),
        ("loopback fastapi", "server", 5, _loopback(50, 100, 4, fast=True)),
        ("loopback fastapi", "server", 5, _loopback(200, 40, 4, fast=True)),
        ("dispatch loop", "server", 5, _dispatch_loop(50, 100, 4, fast=False)),
        ("dispatch loop", "server", 5, _dispatch_loop(50, 100, 4, fast=True)),
        ("fan-out", "", 5, lambda _: inprocess.fanout(100, 50, redis=False)),
        ("fan-out", "", 5, lambda _: inprocess.fanout(1_000, 10, redis=False)),
        ("fan-out", "redis", 5, lambda _: inprocess.fanout(100, 20, redis=True)),
        ("fan-out", "redis", 5, lambda _: inprocess.fanout(1_000, 5, redis=True)),
        ("connections", "", 3, lambda _: loopback.idle_rss(1_000)),
        ("connections", "", 5, lambda _: inprocess.connect_cycles(500)),
    ]


def quick_plan() -> Plan:
    return [
        ("echo", "", 3, lambda _: inprocess.echo(2_000, pipelined=False)),
        ("echo", "", 3, lambda _: inprocess.echo(2_000, pipelined=True)),
        ("echo", "", 3, lambda _: inprocess.echo(2_000, False, CHANNELS_DEFAULTS, DEFAULTS_GOAL)),
        ("fastapi", "", 3, lambda _: inprocess.echo(2_000, False, FASTAPI, FASTAPI_GOAL)),
        ("payload", "", 3, lambda _: inprocess.payload(10_000, 300, 0.8)),
        ("payload", "", 3, lambda _: inprocess.payload(200_000, 20, 0.8)),
        ("loopback", "server", 3, _loopback(50, 40, 2, fast=False)),
        ("loopback fastapi", "server", 3, _loopback(50, 40, 2, fast=True)),
        ("dispatch loop", "server", 3, _dispatch_loop(50, 40, 2, fast=False)),
        ("dispatch loop", "server", 3, _dispatch_loop(50, 40, 2, fast=True)),
        ("fan-out", "", 3, lambda _: inprocess.fanout(100, 10, redis=False)),
        ("fan-out", "redis", 3, lambda _: inprocess.fanout(100, 5, redis=True)),
        ("connections", "", 1, lambda _: loopback.idle_rss(300)),
        ("connections", "", 3, lambda _: inprocess.connect_cycles(200)),
    ]


def redis_reachable() -> bool:
    import redis

    from benchmarks.settings import REDIS_URL

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


@asynccontextmanager
async def _no_server() -> AsyncIterator[list[Server]]:
    yield []


async def run(plan: Plan, only: str | None, out: Callable[[str], None]) -> list[Row]:
    has_redis = redis_reachable()
    if not has_redis:
        out("Redis unreachable: Redis fan-out rows skipped.")
    selected = [p for p in plan if not only or only in p[0]]
    need_server = any(needs == "server" for _, needs, _, _ in selected)
    server_cm: AbstractAsyncContextManager[list[Server]] = (
        loopback.shared_server() if need_server else _no_server()
    )
    rows: list[Row] = []
    async with server_cm as server_ref:
        for _section, needs, reps, factory in selected:
            if needs == "redis" and not has_redis:
                continue
            workload = factory(server_ref)
            start = time.perf_counter()
            new = await compare(workload, reps)
            rows += new
            ratios = ", ".join(f"{r.metric.key} vs {r.reference} T/R={r.ratio:.2f}" for r in new)
            out(f"  {workload.name}: {ratios}  [{reps} reps, {time.perf_counter() - start:.1f}s]")
    return rows


def header() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average at start {load}; chanx message logging off on the Channels rows, on "
        "(filtered out) on the default-settings and fast-channels rows; "
        f"raw dispatch: {RAW_DISPATCH}; medians of interleaved reps"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--only", help="run only sections containing this text (e.g. echo)")
    parser.add_argument("--json", dest="json_path", help="also write rows as JSON here")
    args = parser.parse_args(argv)

    def out(line: str) -> None:
        print(line, flush=True)

    out(header())
    start = time.perf_counter()
    plan = quick_plan() if args.quick else full_plan()
    rows = asyncio.run(run(plan, args.only, out))
    out("")
    out(format_table(rows))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    out(f"\ntotal {time.perf_counter() - start:.0f}s; load average at end {load}")
    if args.json_path:
        with open(args.json_path, "w") as fh:
            json.dump(
                [
                    {
                        "workload": r.workload,
                        "metric": r.metric.key,
                        "reference": r.reference,
                        "subject": r.subject,
                        "raw": r.samples[r.reference],
                        "chanx": r.samples[r.subject],
                        "ratio": r.ratio,
                        "cost": r.cost,
                    }
                    for r in rows
                ],
                fh,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
