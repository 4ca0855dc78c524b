"""A client that has gone costs one log line, not a traceback per frame (docs/deploy.md).

Issues: sending to a client that had gone logged a full ``ClientDisconnected`` traceback per
send (three per frame: the handler error, the error frame, the frame task); ten clients that
each sent 3,000 frames and aborted produced 43 MB of tracebacks, because every queued frame
was still handled. Now a connection whose client is gone drops what is sent to it and the
frames still queued from it, counts both, and logs one ``Client gone`` line when it ends.
SIGTERM with many open connections logs no ``Exception in ASGI application``.
"""

import asyncio
import functools
import json
import re
import signal
import uuid
from pathlib import Path
from typing import Any

import pytest

from chanx.core.connection.server_flags import GRACEFUL_SHUTDOWN_SECONDS, uvicorn_flags
from tests.suites.scale.client import (
    abort_with_reset,
    open_client,
    payloads,
    recv_until,
    roundtrip,
    send,
)
from tests.suites.scale.logs import log_lines, wait_for_log
from tests.suites.scale.servers import Server, spawn_server

Stack = tuple[str, str, list[Server]]
GONE = "Client gone; frames dropped"
PING = json.dumps({"action": "ping"})
NOISE = ("Traceback", "Exception in ASGI application", "Handler error", "Frame task failed")


def _noise(server: Server) -> int:
    return sum(len(log_lines(server.log, marker)) for marker in NOISE)


def _has(text: str, frames: list[Any]) -> bool:
    return text in payloads(frames, "shouted")


def _dropped(line: str) -> int:
    found = re.findall(r"(?:frames_dropped|inbound_dropped)=(\d+)", line)
    return sum(int(n) for n in found)


async def test_frames_of_aborted_clients_are_dropped_counted_and_logged_once(
    stack: Stack,
) -> None:
    for server in stack[2]:
        gone_before, noise_before = len(log_lines(server.log, GONE)), _noise(server)
        control = await open_client(server.url)
        try:
            await roundtrip(control, "arm")  # later ``hold`` frames block until ``release``
            clients = [await open_client(server.ordered_url) for _ in range(3)]
            for ws in clients:
                # The first frame holds the connection's only handler slot: the pings queue
                # behind it in the server, then the client aborts.
                await send(ws, "hold", {"n": 1})
                for _ in range(3000):
                    await ws.send(PING)
                abort_with_reset(ws)
            await asyncio.sleep(0.5)  # the server sees the resets
            await send(control, "release")
            lines = wait_for_log(server.log, GONE, gone_before + 3, timeout=20)[gone_before:]
        finally:
            await control.close()
        # At most one line per connection. uvicorn reads a connection's frames one TCP
        # chunk at a time, so a client reset before its frames were read may leave nothing
        # queued, and then nothing to report; daphne reads them all.
        assert len(lines) <= 3, (server.kind, lines)
        if server.kind != "uvicorn":
            assert lines, (server.kind, lines)
        assert all(_dropped(line) > 0 for line in lines), lines
        assert _noise(server) == noise_before, server.log.read_text()[-3000:]


async def test_broadcasts_to_a_gone_client_log_no_traceback(stack: Stack) -> None:
    for server in stack[2]:
        gone_before, noise_before = len(log_lines(server.log, GONE)), _noise(server)
        victim, speaker = await open_client(server.url), await open_client(server.ordered_url)
        try:
            abort_with_reset(victim)
            # Two local members (until the server notices the victim is gone) share the
            # server's layer inbox (capacity 100): 2 x 30 stays below it.
            texts = [f"after-{uuid.uuid4().hex[:6]}-{n}" for n in range(30)]
            for text in texts:
                await send(speaker, "shout", text)
            frames = await recv_until(speaker, functools.partial(_has, texts[-1]))
            assert payloads(frames, "shouted") == texts
            assert len(wait_for_log(server.log, GONE, gone_before + 1, 2)) <= gone_before + 1
            assert _noise(server) == noise_before, server.log.read_text()[-3000:]
        finally:
            await speaker.close()


@pytest.mark.parametrize("stack_name", ["django", "fastapi"])
async def test_sigterm_with_many_connections_logs_no_asgi_exception(
    stack_name: str, redis_url: str, tmp_path: Path
) -> None:
    logs = tmp_path
    prefix = f"chanx-test-{uuid.uuid4().hex[:10]}"
    # chanx's uvicorn flags: after SIGTERM, connections get 10 s before uvicorn cancels them.
    server = spawn_server(
        stack_name, "uvicorn", redis_url, prefix, logs, args=tuple(uvicorn_flags())
    )
    server.wait_until_listening()
    try:
        clients = [await open_client(server.ordered_url) for _ in range(200)]
        # Traffic in flight when the signal arrives, to clients that do not read it: the
        # server's sends to them wait for room in their sockets.
        for ws in clients[:20]:
            for n in range(50):
                await send(ws, "shout", "x" * 1000 + str(n))
        await asyncio.sleep(1.0)
        server.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(server.proc.wait, GRACEFUL_SHUTDOWN_SECONDS + 20)
    finally:
        server.stop()
    text = server.log.read_text(errors="replace")
    assert "Exception in ASGI application" not in text, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
