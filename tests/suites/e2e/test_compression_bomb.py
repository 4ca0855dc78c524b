"""The demo, as shipped, is not inflated by a permessage-deflate bomb.

Issue: with uvicorn's defaults (16 MiB messages, compression on) ~1 MB of compressed
traffic (16 MiB of zeros, 3 frames on each of 20 connections) took a server to ~800 MB RSS,
because chanx's 1 MiB check runs after decompression. The demo runs with chanx's server
settings (``chanx server-flags``): the server's message limit equals chanx's and compression
is off. The server's RSS must stay within 50 MB of its baseline.
"""

import asyncio
import subprocess
import sys
from collections.abc import Iterator

import psutil  # type: ignore[import-untyped]
import pytest

from tests.shared.net import free_port
from tests.suites.e2e.bomb import send_bomb
from tests.suites.e2e.servers import ROOT, wait_for_port

CONNECTIONS = 20
FRAMES = 3
SIZE = 16 * 1024 * 1024
ALLOWANCE = 50 * 1024 * 1024


@pytest.fixture
def demo_process() -> Iterator[tuple[int, psutil.Process]]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "examples.demo", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc)
        yield port, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


async def test_the_demo_survives_a_compression_bomb(
    demo_process: tuple[int, psutil.Process],
) -> None:
    port, server = demo_process
    # Warm up (first connection imports and allocates), then take the baseline.
    await send_bomb("127.0.0.1", port, "/ws/chat/lobby/", 0, SIZE)
    await asyncio.sleep(0.5)
    baseline = server.memory_info().rss
    peak = baseline

    async def watch(stop: asyncio.Event) -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, server.memory_info().rss)
            await asyncio.sleep(0.02)

    stop = asyncio.Event()
    watcher = asyncio.ensure_future(watch(stop))
    await asyncio.gather(
        *(send_bomb("127.0.0.1", port, "/ws/chat/lobby/", FRAMES, SIZE) for _ in range(CONNECTIONS))
    )
    await asyncio.sleep(1.0)  # let the server process what it received
    stop.set()
    await watcher
    peak = max(peak, server.memory_info().rss)
    assert peak - baseline < ALLOWANCE, f"RSS grew {(peak - baseline) / 2**20:.0f} MB"
