"""Start real ASGI servers on free loopback ports for end-to-end tests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Poll until the server accepts TCP connections (bounded), or fail with its output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"server exited early ({process.returncode}):\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"server on port {port} not ready after {timeout}s")


@contextmanager
def run_server(
    args: list[str], port: int, env: dict[str, str] | None = None, output: Path | None = None
) -> Iterator[str]:
    """Run ``python <args>`` from the repo root; yield ``127.0.0.1:<port>``; always stop it.

    ``output``: a file that gets the server's output (stdout and stderr), for tests that read
    its log after stopping it.
    """
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update(env or {})
    sink = output.open("wb") if output is not None else None
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=full_env,
        stdout=sink if sink is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            # Tests need no graceful drain; a server still waiting on open connections is killed.
            process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if sink is not None:
            sink.close()
