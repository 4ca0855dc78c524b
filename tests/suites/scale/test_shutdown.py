"""The FastAPI example on Redis stops on SIGTERM, and refuses clearly during an outage.

Issue: after four clients joined a room, chatted and left, ``kill -TERM`` did not stop the
server while Redis was down or flapping: a channel-layer receive loop retried forever, uvicorn
waited on it. The example runs with chanx's server settings (``chanx server-flags``), whose
graceful-shutdown timeout is 10 s; the server must be gone before uvicorn has to cancel
anything ("timeout graceful shutdown exceeded" never appears in its log).
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from chanx.core.connection.server_flags import GRACEFUL_SHUTDOWN_SECONDS
from tests.shared.net import free_port
from tests.suites.scale.client import open_client, recv_json, recv_until, send
from tests.suites.scale.servers import ROOT, ThrowawayRedis, stop_process, wait_for_port

EXCEEDED = "timeout graceful shutdown exceeded"


@pytest.fixture
def example(throwaway_redis: ThrowawayRedis, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """``python -m examples.fastapi_chat`` on a free port, on the throwaway Redis."""
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "CHANX_REDIS_URL": throwaway_redis.url,
        "CHANX_REDIS_PREFIX": f"chanx-test-{uuid.uuid4().hex[:8]}",
        "PYTHONPATH": str(ROOT),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "examples.fastapi_chat", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, proc)
        yield port, log
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(GRACEFUL_SHUTDOWN_SECONDS + 20)
        except subprocess.TimeoutExpired:
            pytest.fail(f"server ignored SIGTERM:\n{log.read_text()[-2000:]}")
        assert EXCEEDED not in log.read_text(), log.read_text()[-2000:]
    finally:
        stop_process(proc)


async def _join_and_chat(port: int) -> list[ClientConnection]:
    url = f"ws://127.0.0.1:{port}/ws/chat/lobby"
    clients = [await open_client(url) for _ in range(4)]
    for ws in clients:  # answered once the room is joined
        await send(ws, "ping")
        await recv_until(ws, lambda frames: any(f["action"] == "pong" for f in frames))
    await send(clients[0], "chat", {"text": "hello"})
    for ws in clients:
        frames = await recv_until(ws, lambda fs: any(f["action"] == "chat_notice" for f in fs))
        assert "hello" in json.dumps(frames)
    return clients


def _flap(redis: ThrowawayRedis, stop: threading.Event) -> None:
    for _ in range(20):  # bounded: at most 20 stop/start cycles
        if stop.is_set():
            return
        redis.stop()
        stop.wait(0.3)
        redis.start()
        stop.wait(0.3)


@pytest.mark.parametrize("redis_state", ["up", "down", "flapping"])
async def test_sigterm_stops_the_server_whatever_redis_does(
    example: tuple[int, Path], throwaway_redis: ThrowawayRedis, redis_state: str
) -> None:
    port, _ = example
    clients = await _join_and_chat(port)
    stop_flapping = threading.Event()
    flapper: threading.Thread | None = None
    if redis_state == "down":
        throwaway_redis.stop()
    elif redis_state == "flapping":
        flapper = threading.Thread(target=_flap, args=(throwaway_redis, stop_flapping))
        flapper.start()
    for ws in clients:
        await ws.close()
    await asyncio.sleep(1.0)  # the server notices the closes (SIGTERM follows in the fixture)
    if flapper is not None:
        stop_flapping.set()
        await asyncio.to_thread(flapper.join, 30)


async def test_connecting_during_an_outage_gets_a_close_code(
    example: tuple[int, Path], throwaway_redis: ThrowawayRedis
) -> None:
    port, _ = example
    throwaway_redis.stop()
    ws = await open_client(f"ws://127.0.0.1:{port}/ws/chat/lobby")
    with pytest.raises(ConnectionClosed) as closed:
        await recv_json(ws, timeout=30)
    assert closed.value.rcvd is not None, "dropped without a close frame (1006)"
    assert closed.value.rcvd.code in (1011, 1013)
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"http://127.0.0.1:{port}/rooms/lobby/announce", json={"text": "x"}, timeout=30
        )
    assert answer.status_code == 503
