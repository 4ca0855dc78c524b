"""Real-service requirements: skip on a user's machine without them, fail in CI."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

REDIS_URL = os.environ.get("CHANX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# A PostgreSQL server whose user may create databases (the test database is created per run).
POSTGRES_URL = os.environ.get(
    "CHANX_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
STRICT = os.environ.get("CHANX_STRICT_SERVICES") == "1"


def _missing(reason: str) -> None:
    if STRICT:
        pytest.fail(f"{reason} (CHANX_STRICT_SERVICES=1: services must be present)")
    pytest.skip(reason)


def redis_available() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


def require_redis() -> str:
    """The Redis URL for tests; skips (or fails in CI) when Redis is not reachable."""
    if not redis_available():
        _missing(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


def postgres_available() -> bool:
    parsed = urlparse(POSTGRES_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 1):
            return True
    except OSError:
        return False


def require_postgres() -> str:
    """The PostgreSQL URL for tests; skips (or fails in CI) when PostgreSQL is not reachable."""
    if not postgres_available():
        _missing(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    return POSTGRES_URL


def require_chromium() -> tuple[str, str]:
    """Paths of chromium and chromedriver; skips (or fails in CI) when absent."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        _missing("headless Chromium and chromedriver are not installed")
    assert browser and driver
    return browser, driver


PASSWORD = "secret"


@dataclass
class PasswordRedis:
    """A private ``redis-server --requirepass`` on a free loopback port (daemonized)."""

    port: int
    pidfile: Path

    def client(self, db: int = 0) -> Any:
        import redis

        return redis.Redis(port=self.port, password=PASSWORD, db=db)


@contextlib.contextmanager
def password_redis(workdir: Path) -> Iterator[PasswordRedis]:
    """Start a password-protected Redis for the block; stopped (and waited for) afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server binary not found (needed for the password-protected Redis)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    pidfile = workdir / f"redis-{port}.pid"
    command = [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--requirepass", PASSWORD]
    command += ["--save", "", "--appendonly", "no", "--daemonize", "yes"]
    command += ["--pidfile", str(pidfile), "--dir", str(workdir)]
    subprocess.run(
        command,
        check=True,
        timeout=10,
    )
    server = PasswordRedis(port, pidfile)
    try:
        _wait_until(lambda: _answers(server), 10.0)
        yield server
    finally:
        _stop(pidfile)


def _answers(server: PasswordRedis) -> bool:
    try:
        return bool(server.client().ping())
    except Exception:
        return False


def _wait_until(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout}s")
        time.sleep(0.05)


def _stop(pidfile: Path) -> None:
    try:
        pid = int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    _wait_until(lambda: not _alive(pid), 10.0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def sentinel_for(primary: PasswordRedis, workdir: Path) -> Iterator[int]:
    """A Redis Sentinel (``redis-server --sentinel``) watching ``primary`` as ``mymaster``;
    yields its port; stopped afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server binary not found (needed for Redis Sentinel)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    pidfile = workdir / f"sentinel-{port}.pid"
    config = workdir / f"sentinel-{port}.conf"  # Sentinel rewrites its own configuration
    config.write_text(
        f"port {port}\nbind 127.0.0.1\ndaemonize yes\npidfile {pidfile}\ndir {workdir}\n"
        f"sentinel monitor mymaster 127.0.0.1 {primary.port} 1\n"
        f"sentinel auth-pass mymaster {PASSWORD}\n"
    )
    subprocess.run([str(binary), str(config), "--sentinel"], check=True, timeout=10)
    try:
        _wait_until(lambda: _sentinel_knows(port), 10.0)
        yield port
    finally:
        _stop(pidfile)


def _sentinel_knows(port: int) -> bool:
    import redis

    try:
        client = redis.Redis(port=port)
        return client.sentinel_get_master_addr_by_name("mymaster") is not None
    except Exception:
        return False
