"""The README's demo: a real uvicorn server on loopback, real WebSocket clients."""

import asyncio
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websockets

from tests.suites.e2e.servers import ROOT


async def _next(ws: Any) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
    return frame


async def test_ping_pong(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/lobby/") as ws:
        await ws.send(json.dumps({"action": "ping"}))
        assert await _next(ws) == {"action": "pong", "payload": None}


async def test_chat_reaches_everyone_in_the_room_only(demo: str) -> None:
    async with (
        websockets.connect(f"ws://{demo}/ws/chat/blue/") as alice,
        websockets.connect(f"ws://{demo}/ws/chat/blue/") as bob,
        websockets.connect(f"ws://{demo}/ws/chat/red/") as carol,
    ):
        await alice.send(
            json.dumps({"action": "send_chat", "payload": {"name": "alice", "text": "hi"}})
        )
        expected = {"action": "chat_posted", "payload": {"name": "alice", "text": "hi"}}
        assert await _next(alice) == expected
        assert await _next(bob) == expected
        await carol.send(json.dumps({"action": "ping"}))
        assert await _next(carol) == {"action": "pong", "payload": None}


async def test_bad_frames_get_error_frames_and_connection_survives(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/lobby/") as ws:
        await ws.send("not json")
        assert await _next(ws) == {
            "action": "error",
            "payload": {"detail": "Failed to process message"},
        }
        await ws.send(json.dumps({"action": "send_chat", "payload": {"name": "", "text": "x"}}))
        error = await _next(ws)
        assert error["action"] == "error"
        assert error["payload"][0]["loc"] == ["send_chat", "payload", "name"]
        await ws.send(b"\x00binary")
        assert (await _next(ws))["action"] == "error"
        await ws.send(json.dumps({"action": "ping"}))
        assert await _next(ws) == {"action": "pong", "payload": None}


async def test_notice_from_plain_django_view(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/green/") as ws:
        await ws.send(json.dumps({"action": "ping"}))
        await _next(ws)  # joined
        request = urllib.request.Request(
            f"http://{demo}/rooms/green/notify/",
            data=json.dumps({"text": "server restarts at 5"}).encode(),
            method="POST",
        )
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(
            None, lambda: urllib.request.urlopen(request, timeout=5)
        )
        assert json.loads(response.read()) == {"sent": True}
        assert await _next(ws) == {"action": "room_notice", "payload": "server restarts at 5"}


README = Path(__file__).resolve().parents[3] / "README.md"


def _readme_transcript() -> list[tuple[str, str]]:
    """The README's ``python -m websockets`` session: (sent line, printed answer) pairs."""
    text = README.read_text(encoding="utf-8")
    block = text.split("uv run python -m websockets ws://127.0.0.1:8000/ws/chat/lobby/\n", 1)[1]
    lines = block.split("```", 1)[0].splitlines()
    sent = [line[2:] for line in lines if line.startswith("> ")]
    printed = [line[2:] for line in lines if line.startswith("< ")]
    assert len(sent) == len(printed) >= 2
    return list(zip(sent, printed, strict=True))


async def test_readme_shows_frames_exactly_as_the_demo_sends_them(demo: str) -> None:
    async with websockets.connect(f"ws://{demo}/ws/chat/lobby/") as ws:
        for sent, printed in _readme_transcript():
            await ws.send(sent)
            assert await asyncio.wait_for(ws.recv(), timeout=5) == printed


def _post(url: str, body: bytes) -> tuple[int, str, Any]:
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], json.loads(error.read())


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"not json", "body must be JSON"),
        (b"\xff\xfe", "body must be JSON"),
        (b"[1, 2]", 'body must be {"text": "<notice>"}'),
        (b'{"text": 5}', 'body must be {"text": "<notice>"}'),
    ],
)
def test_malformed_notify_gets_a_json_400(demo: str, body: bytes, error: str) -> None:
    status, content_type, answer = _post(f"http://{demo}/rooms/lobby/notify/", body)
    assert (status, content_type, answer) == (400, "application/json", {"error": error})


def test_favicon_is_served(demo: str) -> None:
    with urllib.request.urlopen(f"http://{demo}/favicon.ico", timeout=5) as response:
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert response.read().startswith(b"<svg")


def test_busy_port_fails_before_the_banner_with_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "examples.demo", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stdout == ""  # no banner
    assert result.stderr.splitlines() == [
        f"chanx demo: cannot listen on 127.0.0.1:{port} (Address already in use); "
        "choose another port with --port"
    ]


async def test_metrics_are_served_and_count_what_clients_did(demo: str) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    def scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        with urllib.request.urlopen(f"http://{demo}/metrics", timeout=5) as response:
            text = response.read().decode()
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text)
            for s in family.samples
        }

    pings = (
        "chanx_frames_received_total",
        (("action", "ping"), ("consumer", "ChatConsumer"), ("outcome", "ok")),
    )
    before = await asyncio.to_thread(scrape)
    async with websockets.connect(f"ws://{demo}/ws/chat/lobby/") as ws:
        for _ in range(2):
            await ws.send(json.dumps({"action": "ping"}))
            assert await _next(ws) == {"action": "pong", "payload": None}
        during = await asyncio.to_thread(scrape)
    assert during[pings] - before.get(pings, 0.0) == 2
    opened = ("chanx_open_connections", (("consumer", "ChatConsumer"),))
    assert during[opened] - before.get(opened, 0.0) == 1
