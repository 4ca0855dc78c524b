"""The demo's log, redirected to a file: one UTC-stamped format for every line, no colour."""

import json
import re
from pathlib import Path

from websockets.asyncio.client import connect

from tests.shared.net import free_port
from tests.suites.e2e.servers import run_server

STAMPED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[(\w+)\s*\] \S")


async def test_redirected_demo_log_is_stamped_and_plain(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "demo.log"
    with run_server(["-m", "examples.demo", "--port", str(port)], port, output=log) as host:
        async with connect(f"ws://{host}/ws/chat/lobby/") as ws:
            for _ in range(3):
                await ws.send(json.dumps({"action": "ping"}))
                assert json.loads(await ws.recv())["action"] == "pong"
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    assert "\x1b[" not in "\n".join(lines)  # no colour codes in a file
    unstamped = [line for line in lines if not STAMPED.match(line)]
    assert unstamped == [], lines
    text = "\n".join(lines)
    assert "Uvicorn running on" in text  # uvicorn's own lines, in the same format
    assert "chanx demo: chat page" in text
    # No per-frame records by default: three pings do not add six lines.
    assert "Websocket received" not in text and "Websocket sent" not in text
