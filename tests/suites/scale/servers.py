"""Real server processes for the scale tests: uvicorn/daphne servers and throwaway Redis."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.shared.net import free_port

ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 30.0

APPS = {
    "django": "tests.suites.scale.django_asgi:application",
    "fastapi": "tests.suites.scale.fastapi_app:app",
}


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = START_TIMEOUT) -> None:
    """Wait until ``port`` accepts connections; fail early if ``proc`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


def server_env(stack: str, redis_url: str, prefix: str, **extra: str) -> dict[str, str]:
    """Environment of a server (or script) process of ``stack`` ("django" or "fastapi")."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.pop("CHANX_USE_DJANGO", None)
    env.update(
        REDIS_URL=redis_url,
        CHANNELS_PREFIX=prefix,
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    if stack == "django":
        env["DJANGO_SETTINGS_MODULE"] = "tests.suites.scale.django_settings"
    env.update(extra)
    return env


@dataclass
class Server:
    """One ASGI server process serving a scale app on a loopback port."""

    stack: str
    kind: str  # "uvicorn" or "daphne"
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        """The default route (``max_concurrent_messages = 4``)."""
        return f"ws://127.0.0.1:{self.port}/ws/scale/"

    @property
    def ordered_url(self) -> str:
        """The strictly ordered route (``max_concurrent_messages = 1``)."""
        return f"ws://127.0.0.1:{self.port}/ws/ordered/"

    @property
    def guarded_url(self) -> str:
        """The route that checks ``Origin`` (pages of this host only)."""
        return f"ws://127.0.0.1:{self.port}/ws/guarded/"

    @property
    def board_url(self) -> str:
        """The topic board route (``tests.suites.behaviour.topics``)."""
        return f"ws://127.0.0.1:{self.port}/ws/board/"

    @property
    def live_url(self) -> str:
        """The history/presence route (``tests.suites.scale.live_app``)."""
        return f"ws://127.0.0.1:{self.port}/ws/live/"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        stop_process(self.proc)

    def wait_until_listening(self) -> None:
        """Wait until the port accepts connections; the process is stopped on failure."""
        try:
            wait_for_port(self.port, self.proc)
        except BaseException:
            self.stop()
            raise


def spawn_server(
    stack: str,
    kind: str,
    redis_url: str,
    prefix: str,
    log_dir: Path,
    *,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Server:
    """Start a uvicorn or daphne process for ``stack`` (not yet listening); ``args`` are
    extra command-line flags of the server, ``env`` extra environment variables."""
    port = free_port()
    app = APPS[stack]
    if kind == "uvicorn":
        cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--log-level", "warning", "--lifespan", "off"]
    else:
        cmd = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app]
        cmd += ["-v", "0"]
    cmd += args
    log = log_dir / f"{stack}-{kind}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=server_env(stack, redis_url, prefix, **(env or {})),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(stack, kind, port, proc, log)


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 0.5) -> None:
    """SIGTERM, then SIGKILL if the process does not exit within ``timeout``.

    Servers shut down gracefully and wait for clients to answer their close frames; a test
    whose clients are gone (or whose loop is blocked) should not pay for that.
    """
    stop_processes([proc], timeout)


def stop_processes(procs: list[subprocess.Popen[bytes]], timeout: float = 0.5) -> None:
    """``stop_process`` for several processes at once: all signalled, then one shared wait."""
    running = [proc for proc in procs if proc.poll() is None]
    for proc in running:
        proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for proc in running:
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@dataclass
class ThrowawayRedis:
    """A private ``redis-server`` on a free loopback port (never the shared one)."""

    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.start_with(["--save", "", "--appendonly", "no"])

    def start_with(self, options: list[str]) -> None:
        """Start ``redis-server`` on this port with ``options`` (persistence, ``--dir``)."""
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        cmd += [*options, "--daemonize", "no"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def kill(self) -> None:
        """End the server at once, as a crash would (nothing saved on the way out)."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
            self.proc = None


@contextlib.contextmanager
def servers(
    stack: str, kinds: list[str], redis_url: str, prefix: str, log_dir: Path, **env: str
) -> Iterator[list[Server]]:
    """Several servers of one stack sharing one Redis, started side by side; all stopped on exit."""
    started: list[Server] = []
    try:
        for kind in kinds:
            started.append(spawn_server(stack, kind, redis_url, prefix, log_dir, env=env))
        for server in started:
            server.wait_until_listening()
        yield started
    finally:
        stop_processes([server.proc for server in started])
