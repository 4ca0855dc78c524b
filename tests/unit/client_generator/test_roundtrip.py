"""Round trip: both clients generated (through the CLI) from a live server's AsyncAPI document,
then the Python client and the compiled TypeScript client (under node) talk to that server.

The server is ``demo_app.py``: FastAPI + fast-channels consumers, the document produced by
chanx's own AsyncAPI generator and served by ``asyncapi_spec_json``, uvicorn on 127.0.0.1.
"""

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.unit.client_generator.conftest import TscBuild, generate_via_cli, python_checks


@pytest.fixture
def live_python_client(demo_server: str, tmp_path: Path, mypy_cache: Path) -> Iterator[ModuleType]:
    root = tmp_path / "py"
    generate_via_cli(f"http://{demo_server}/asyncapi.json", root / "live_client", "python")
    python_checks(root / "live_client", mypy_cache)
    sys.path.insert(0, str(root))
    try:
        import live_client

        yield live_client
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("live_client")]:
            del sys.modules[name]


async def test_python_client_end_to_end(demo_server: str, live_python_client: ModuleType) -> None:
    messages = sys.modules["live_client.echo_room.messages"]
    seen: list[Any] = []

    class Client(live_python_client.EchoRoomClient):  # type: ignore[misc, name-defined]
        async def send_init_message(self) -> None:
            await self.send_echo(
                messages.EchoPayload(text="hello", count=2, class_="k", mood="grumpy")
            )

        async def on_echo_reply(self, message: Any) -> None:
            seen.append(message)
            await self.send_shout("hey")

        async def on_shouted(self, message: Any) -> None:
            seen.append(message)
            await self.send_ping()

        async def on_pong(self, message: Any) -> None:
            seen.append(message)
            await self.disconnect()

    client = Client(demo_server, path_params={"room": "lobby"})
    await asyncio.wait_for(client.handle(), 15)
    reply, shouted, pong = seen
    assert isinstance(reply, messages.EchoReply)
    assert reply.payload.model_dump() == {
        "room": "lobby",
        "text": "hello",
        "repeated": ["hello", "hello"],
        "klass": "k",
    }
    assert isinstance(shouted, messages.Shouted) and shouted.payload == "HEY"
    assert pong.action == "pong"

    pongs: list[Any] = []

    class Health(live_python_client.HealthClient):  # type: ignore[misc, name-defined]
        async def send_init_message(self) -> None:
            await self.send_ping()

        async def on_pong(self, message: Any) -> None:
            pongs.append(message)
            await self.disconnect()

    await asyncio.wait_for(Health(f"ws://{demo_server}").handle(), 15)
    assert [p.action for p in pongs] == ["pong"]


def test_typescript_client_compiled_and_run_under_node(
    demo_server: str, ts_build: TscBuild
) -> None:
    # Generated through the CLI and compiled with the other TypeScript fixtures (ts_build).
    ts_build.assert_clean("roundtrip")
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "dist/roundtrip/roundtrip.js", demo_server],
        cwd=ts_build.root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["url"] == f"ws://{demo_server}/ws/rooms/lobby"
    assert outcome["seen"] == [
        {
            "action": "echo_reply",
            "payload": {
                "room": "lobby",
                "text": "hello",
                "repeated": ["hello", "hello"],
                "klass": "k",
            },
        },
        {"action": "shouted", "payload": "HEY"},
        {"action": "pong", "payload": None},
    ]
    assert outcome["close"] == 1000
