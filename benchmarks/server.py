"""A uvicorn server for ``benchmarks.asgi:application`` in a child process, on loopback."""

import asyncio
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import psutil  # type: ignore[import-untyped]

HOST = "127.0.0.1"
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def url(self, path: str) -> str:
        return f"ws://{HOST}:{self.port}{path}"

    def rss(self) -> int:
        """Resident set size of the server process, in bytes."""
        return int(psutil.Process(self.pid).memory_info().rss)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


async def _wait_listening(port: int, proc: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.returncode is not None:
            raise RuntimeError(f"benchmark server exited with code {proc.returncode}")
        try:
            _, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise TimeoutError(f"benchmark server did not listen on port {port} in {START_TIMEOUT}s")


@asynccontextmanager
async def running_server(extra_env: Mapping[str, str] | None = None) -> AsyncIterator[Server]:
    """Start uvicorn (one worker, websockets protocol, no compression, no access log).

    ``extra_env`` is added to the server's environment (``CHANX_BENCH_REDIS_PREFIX``, say).
    """
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", **(extra_env or {})}
    proc = await asyncio.create_subprocess_exec(
        *[
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.asgi:application",
            "--host",
            HOST,
            "--port",
            str(port),
            "--ws",
            "websockets-sansio",
            "--ws-per-message-deflate",
            "false",
            "--ws-max-size",
            str(16 * 1024 * 1024),
            "--no-access-log",
            "--log-level",
            "warning",
            "--backlog",
            "4096",
        ],
        env=env,
    )
    try:
        await _wait_listening(port, proc)
        yield Server(port, proc.pid)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await asyncio.wait_for(proc.wait(), 10)
