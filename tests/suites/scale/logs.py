"""Reading a server process's log in the scale tests (bounded waits, no sleeps asserted)."""

import time
from pathlib import Path

LOG_WAIT = 5.0


def log_lines(path: Path, marker: str) -> list[str]:
    """The lines of ``path`` that contain ``marker``."""
    return [line for line in path.read_text(errors="replace").splitlines() if marker in line]


def wait_for_log(path: Path, marker: str, count: int = 1, timeout: float = LOG_WAIT) -> list[str]:
    """The lines with ``marker`` once at least ``count`` are written (or whatever is there after
    ``timeout`` seconds: the caller's assertion says what was expected)."""
    deadline = time.monotonic() + timeout
    found = log_lines(path, marker)
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.05)
        found = log_lines(path, marker)
    return found
