"""Every command of docs/deploy.md's "Production checklist" runs, and does what it says.

Servers are started on free ports (the documented ports are replaced), on the test Redis;
each must serve, refuse a frame over chanx's limit, negotiate no compression (uvicorn), and
exit on SIGTERM without its graceful-shutdown timeout running out.
"""

import asyncio
import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from chanx.core.connection.server_flags import FRAME_LIMIT, GRACEFUL_SHUTDOWN_SECONDS
from tests.services import require_redis
from tests.shared.net import free_port
from tests.suites.e2e.servers import wait_for_port

ROOT = Path(__file__).resolve().parents[3]
BLOCK = re.compile(r"^\s*```bash\n(.*?)^\s*```", re.DOTALL | re.MULTILINE)
DOCUMENTED_REDIS = "redis://127.0.0.1:6379/0"
WS_PATHS = {"uvicorn": "/ws/chat/lobby", "daphne": "/ws/chat/lobby/"}


def checklist_commands() -> list[str]:
    page = (ROOT / "docs" / "deploy.md").read_text()
    section = page.split("## Production checklist", 1)[1].split("\n## ", 1)[0]
    return [
        line.strip()
        for block in BLOCK.findall(section)
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def _user_env() -> dict[str, str]:
    """The environment a user's shell has: no Django settings of the test run, and no
    environment a test runner chose for uv (nox points ``uv run`` at its session's venv,
    which the page's ``uv run`` would then sync to the lock while tests import from it)."""
    hidden = {"DJANGO_SETTINGS_MODULE", "UV_PROJECT_ENVIRONMENT", "VIRTUAL_ENV"}
    return {k: v for k, v in os.environ.items() if k not in hidden}


def _server_kind(command: str) -> str | None:
    found = re.search(r"\buv run (uvicorn|daphne) ", command)
    return found.group(1) if found else None


def test_the_checklist_has_commands_for_each_topic() -> None:
    commands = checklist_commands()
    assert any("server-flags" in c and _server_kind(c) is None for c in commands)
    assert any("resilient_redis_host" in c for c in commands)
    assert {_server_kind(c) for c in commands} >= {"uvicorn", "daphne"}


@pytest.mark.parametrize("command", [c for c in checklist_commands() if _server_kind(c) is None])
def test_checklist_command_runs(command: str) -> None:
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=_user_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    output = done.stdout.strip()
    if command.endswith("chanx server-flags"):
        assert f"--ws-max-size {FRAME_LIMIT}" in output
        assert "--ws-per-message-deflate false" in output
    elif command.endswith("server-flags daphne"):
        assert output == f"--websocket-max-message-size {FRAME_LIMIT}"
    elif "--max-size 65536" in command:
        assert "--ws-max-size 65536" in output
    else:
        assert float(output) > 5  # above the layers' 5 s blocking read


async def _check_serving(url: str, kind: str) -> None:
    async with connect(url, open_timeout=20, compression="deflate") as ws:
        if kind == "uvicorn":
            assert ws.response is not None
            assert "Sec-WebSocket-Extensions" not in ws.response.headers
        await ws.send(json.dumps({"action": "ping"}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["action"] == "pong"
        await ws.send("x" * (FRAME_LIMIT + 1))
        with pytest.raises(ConnectionClosed):
            for _ in range(10):  # bounded: a completion frame may come before the close
                await asyncio.wait_for(ws.recv(), 10)


@pytest.mark.parametrize(
    "command", [c for c in checklist_commands() if _server_kind(c) is not None]
)
def test_checklist_server_serves_and_stops_on_sigterm(command: str) -> None:
    kind = _server_kind(command)
    assert kind is not None
    port = free_port()
    command = re.sub(r"(--port|-p) 800\d", rf"\1 {port}", command)
    command = command.replace(DOCUMENTED_REDIS, require_redis())
    proc = subprocess.Popen(
        ["bash", "-c", f"exec env {command}"],
        cwd=ROOT,
        env=_user_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port, proc, timeout=60)
        asyncio.run(_check_serving(f"ws://127.0.0.1:{port}{WS_PATHS[kind]}", kind))
        os.killpg(proc.pid, signal.SIGTERM)
        output, _ = proc.communicate(timeout=GRACEFUL_SHUTDOWN_SECONDS + 20)
        assert b"timeout graceful shutdown exceeded" not in output
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
