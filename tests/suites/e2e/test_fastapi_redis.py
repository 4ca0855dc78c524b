"""A broadcast from a second OS process reaches a uvicorn-served client through real Redis."""

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from websockets.asyncio.client import connect

from tests.services import require_redis
from tests.shared.net import free_port
from tests.suites.e2e.servers import ROOT, run_server
from tests.suites.e2e.test_fastapi_uvicorn import frames_until, get_json


@pytest.fixture(scope="module")
def redis_env() -> dict[str, str]:
    """Redis URL plus a channel prefix unique to this run, so concurrent runs never collide."""
    return {
        "CHANX_REDIS_URL": require_redis(),
        "CHANX_REDIS_PREFIX": f"chanx-e2e-{uuid.uuid4().hex[:12]}",
    }


@pytest.fixture(scope="module")
def server(redis_env: dict[str, str]) -> Iterator[str]:
    """One server for the module: each test uses its own connections, nothing else is kept."""
    port = free_port()
    with run_server(["-m", "examples.fastapi_chat", "--port", str(port)], port, redis_env) as addr:
        yield addr


def run_worker(env: dict[str, str], room: str, text: str) -> subprocess.CompletedProcess[str]:
    """``python -m examples.fastapi_chat.worker`` in its own process (Django-free environment)."""
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "examples.fastapi_chat.worker", room, text],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


async def test_worker_process_broadcast_reaches_the_client(
    server: str, redis_env: dict[str, str]
) -> None:
    health = await asyncio.to_thread(get_json, f"http://{server}/health")
    assert health["layer"] == "redis"
    async with (
        connect(f"ws://{server}/ws/chat/ops") as ops,
        connect(f"ws://{server}/ws/chat/dev") as dev,
    ):
        for ws in (ops, dev):  # answered only after the room group was joined
            await ws.send(json.dumps({"action": "ping"}))
            await frames_until(ws, "complete")
        done = await asyncio.to_thread(run_worker, redis_env, "ops", "from another process")
        assert done.returncode == 0, done.stderr
        assert await frames_until(ops, "event_complete") == [
            {"action": "announcement", "payload": "from another process"},
            {"action": "event_complete", "payload": None},
        ]
        await dev.send(json.dumps({"action": "ping"}))
        assert await frames_until(dev, "complete") == [  # nothing for the other room
            {"action": "pong", "payload": None},
            {"action": "complete", "payload": None},
        ]


async def test_worker_uses_only_its_own_prefix(server: str, redis_env: dict[str, str]) -> None:
    async with connect(f"ws://{server}/ws/chat/ops") as ops:
        await ops.send(json.dumps({"action": "ping"}))
        await frames_until(ops, "complete")
        elsewhere = {**redis_env, "CHANX_REDIS_PREFIX": redis_env["CHANX_REDIS_PREFIX"] + "-x"}
        done = await asyncio.to_thread(run_worker, elsewhere, "ops", "wrong prefix")
        assert done.returncode == 0, done.stderr
        done = await asyncio.to_thread(run_worker, redis_env, "ops", "right prefix")
        assert done.returncode == 0, done.stderr
        assert await frames_until(ops, "event_complete") == [
            {"action": "announcement", "payload": "right prefix"},
            {"action": "event_complete", "payload": None},
        ]
